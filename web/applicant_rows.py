"""The applicant table's rows, built in Python: one f-string a row rather than a template node a cell (a
page of 500 rows spent most of its time in the template). The markup is exactly what the template wrote
before, with the same escaping: every value through ``html.escape``, which is what Django's own
``escape`` applies."""

from collections.abc import Iterable
from html import escape
from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe

from agencies.models import AgencyType
from community.priority import Priority
from grants.models import GrantProgram
from grants.selectors import program_eligibility_of_values

from .templatetags.uswds import eligibility_tag

_TYPE_LABELS = {value: escape(str(label)) for value, label in AgencyType.choices}
_SENTINEL = 987654321
# The template's row, every value escaped before it is put in.
_ROW = (
    "\n  <tr>\n"
    '    <th scope="row" data-label="Agency"><a href="{url}">{name}</a> '
    '<span class="secondary">ORI {ori}</span></th>\n'
    '    <td data-label="State and type">{state} <span class="secondary">{kind}</span></td>\n'
    '    <td data-label="Amount requested" class="amount">${amount}</td>\n'
    '    <td data-label="Eligible now" class="reason">{now}{reason}</td>\n'
    "    {reporting}\n"
    '    <td data-label="Eligible at deadline">{then}</td>\n'
    '    <td data-label="Credentialing body">{body}</td>\n'
    "    {sec4}\n"
    "  </tr>\n  "
)
_REASON = ' <span class="secondary">{}</span>'
_REPORTING = '<td data-label="Sec. 3(d) reporting" class="reason">{} <span class="secondary">{}</span></td>'
_SEC4 = '<td data-label="Sec. 4 priority" class="reason">{} <span class="secondary">{}</span></td>'
_MET = '<span class="usa-tag tag-success">Met</span>'
_NOT_MET = '<span class="usa-tag tag-neutral">Not met</span>'
_HOLDS = '<span class="usa-tag tag-success">Holds</span>'
_FAILS = '<span class="usa-tag tag-error">Fails</span>'


def _amount_format():
    """``floatformat:"2g"`` of an amount (stored with two decimals): Python's own grouping where the
    active format groups by threes with a comma and a point, as in English; ``floatformat`` otherwise."""
    usual = (
        get_format("THOUSAND_SEPARATOR") == ","
        and get_format("DECIMAL_SEPARATOR") == "."
        and get_format("NUMBER_GROUPING") == 3
    )
    if usual:
        return lambda amount: f"{amount:,.2f}"
    return lambda amount: floatformat(amount, "2g")


def applicant_rows(
    rows: Iterable[dict[str, Any]], *, program: GrantProgram, sec4: dict[int, Priority] | None = None
) -> list[SafeString]:
    """Rows of ``grants.selectors.applicant_values`` as the table's ``<tr>`` elements; where the program
    weighs Sec. 4, ``sec4`` holds each agency's answer (``grants.priority.answers_for``)."""
    required = program.requires_credentialing
    reporting_applies = program.reporting_start is not None
    yes, no, not_required = eligibility_tag(True), eligibility_tag(False), eligibility_tag(None, False)
    prefix, suffix = reverse("agency_detail", args=[_SENTINEL]).split(str(_SENTINEL))
    amount = _amount_format()
    rendered = []
    for row in rows:
        answer = program_eligibility_of_values(row, program=program)
        # Where the program applies Sec. 3(d), that part has its own column: "Eligible now" keeps Sec. 2(a)'s.
        part = answer.credentialing if answer.reporting is not None else None
        reason = part.reason if part else answer.reason
        reporting = ""
        if reporting_applies:
            tag = _HOLDS if answer.reporting is not None and answer.reporting.holds else _FAILS
            reporting = _REPORTING.format(tag, escape(answer.reporting.reason) if answer.reporting else "")
        if required:
            now = yes if row["is_eligible"] else no
            then = yes if row["eligible_at_deadline"] else no
        else:
            now = then = not_required
        agency_type = row["agency__agency_type"]
        sec4_cell = ""
        if sec4 is not None:
            answer4 = sec4[row["agency_id"]]
            sec4_cell = _SEC4.format(_MET if answer4.met else _NOT_MET, escape(answer4.reason))
        html = _ROW.format(
            url=f"{prefix}{row['agency_id']}{suffix}",
            name=escape(row["agency__name"]),
            ori=escape(row["agency__ori"]),
            state=escape(row["agency__state"]),
            kind=_TYPE_LABELS.get(agency_type) or escape(agency_type),
            amount=escape(amount(row["amount_requested"])),
            now=now,
            reason=_REASON.format(escape(reason)) if reason else "",
            reporting=reporting,
            then=then,
            body=escape(row["body_name"] or "No application"),
            sec4=sec4_cell,
        )
        rendered.append(mark_safe(html))  # noqa: S308 (every value escaped above)
    return rendered
