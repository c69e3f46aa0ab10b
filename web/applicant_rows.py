"""The applicant table's rows, built in Python: one format string a row rather than a template node a
cell (a page of 500 rows spent most of its time in the template). The markup is exactly what the
template wrote before, with the same escaping (``format_html`` escapes every value)."""

from collections.abc import Iterable
from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from agencies.models import AgencyType
from grants.models import GrantProgram
from grants.selectors import program_eligibility_of_values

from .templatetags.uswds import eligibility_tag

_TYPE_LABELS = dict(AgencyType.choices)
_SENTINEL = 987654321

_ROW = (
    "\n  <tr>\n"
    '    <th scope="row" data-label="Agency"><a href="{}">{}</a> <span class="secondary">ORI {}</span></th>\n'
    '    <td data-label="State and type">{} <span class="secondary">{}</span></td>\n'
    '    <td data-label="Amount requested" class="amount">${}</td>\n'
    '    <td data-label="Eligible now" class="reason">{}{}</td>\n'
    "    {}\n"
    '    <td data-label="Eligible at deadline">{}</td>\n'
    '    <td data-label="Credentialing body">{}</td>\n'
    "  </tr>\n  "
)
_REASON = ' <span class="secondary">{}</span>'
_REPORTING = '<td data-label="Sec. 3(d) reporting" class="reason">{} <span class="secondary">{}</span></td>'
_HOLDS = mark_safe('<span class="usa-tag tag-success">Holds</span>')
_FAILS = mark_safe('<span class="usa-tag tag-error">Fails</span>')


def applicant_rows(rows: Iterable[dict[str, Any]], *, program: GrantProgram) -> list[SafeString]:
    """Rows of ``grants.selectors.applicant_values`` as the table's ``<tr>`` elements."""
    required = program.requires_credentialing
    reporting_applies = program.reporting_start is not None
    not_required = eligibility_tag(None, False)
    prefix, suffix = reverse("agency_detail", args=[_SENTINEL]).split(str(_SENTINEL))
    rendered = []
    for row in rows:
        answer = program_eligibility_of_values(row, program=program)
        # Where the program applies Sec. 3(d), that part has its own column: "Eligible now" keeps Sec. 2(a)'s.
        part = answer.credentialing if answer.reporting is not None else None
        reason = part.reason if part else answer.reason
        reporting = ""
        if reporting_applies:
            holds = answer.reporting is not None and answer.reporting.holds
            reporting = format_html(
                _REPORTING, _HOLDS if holds else _FAILS, answer.reporting.reason if answer.reporting else ""
            )
        agency_type = row["agency__agency_type"]
        rendered.append(
            format_html(
                _ROW,
                f"{prefix}{row['agency_id']}{suffix}",
                row["agency__name"],
                row["agency__ori"],
                row["agency__state"],
                _TYPE_LABELS.get(agency_type, agency_type),
                floatformat(row["amount_requested"], "2g"),
                eligibility_tag(row["is_eligible"]) if required else not_required,
                format_html(_REASON, reason) if reason else "",
                reporting,
                eligibility_tag(row["eligible_at_deadline"]) if required else not_required,
                row["body_name"] or "No application",
            )
        )
    return rendered
