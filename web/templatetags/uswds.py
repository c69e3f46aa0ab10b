"""The one way to render a form field in USWDS markup, and small display helpers."""

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django import forms, template
from django.core.paginator import Paginator
from django.forms.boundfield import BoundField
from django.utils.functional import LazyObject
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from common.filtering import DATE_INPUT_FORMATS
from common.humanize import human_date, human_moment
from credentialing.dates import valid_through
from credentialing.models import CredentialingBody
from grants.models import EligibilityBasis

from ..field_messages import worded_errors

register = template.Library()

# The sort key's query parameter, the same on every list page and in the API.
SORT_PARAMETER = "ordering"

_INPUT_CLASSES = {
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.ClearableFileInput: "usa-file-input",
    forms.FileInput: "usa-file-input",
}


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.DateInput):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


def _iso_date(bound: BoundField) -> str:
    """The field's value as YYYY-MM-DD for the date picker's default, whichever format it came in."""
    value = bound.value()
    if isinstance(value, date):
        return value.isoformat()
    if value:
        try:
            return forms.DateField(input_formats=DATE_INPUT_FORMATS).clean(value).isoformat()
        except forms.ValidationError:
            return ""
    return ""


DJANGO_EMPTY_LABEL = "---------"
SELECT_PROMPT = "- Select -"  # USWDS's empty option


def _select_prompt(field: forms.Field) -> None:
    """Django's "---------" empty option reads as USWDS's "- Select -"."""
    if isinstance(field, forms.ModelChoiceField):  # its choices are a query: read only its empty label
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = SELECT_PROMPT
    elif isinstance(field, forms.ChoiceField) and isinstance(field.widget, forms.Select):
        choices = list(field.choices)  # type: ignore[arg-type]
        if any(label == DJANGO_EMPTY_LABEL for _, label in choices):
            field.choices = [
                (v, SELECT_PROMPT if label == DJANGO_EMPTY_LABEL else label) for v, label in choices
            ]


@register.inclusion_tag("includes/field.html")
def field(bound: BoundField, hint: str = "") -> dict[str, Any]:
    """Label, hint, error message and the widget, tied together with ``aria-describedby``."""
    widget = bound.field.widget
    kind = _kind(widget)
    _select_prompt(bound.field)
    field_id = bound.auto_id or bound.html_name
    hint = hint or str(bound.help_text or "")
    hint_id = f"{field_id}-hint" if hint else ""
    error_id = f"{field_id}-error" if bound.errors else ""
    described = " ".join(i for i in (hint_id, error_id) if i)
    attrs: dict[str, Any] = {}
    if described:
        attrs["aria-describedby"] = described
    if bound.errors:
        attrs["aria-invalid"] = "true"
    if kind == "checkbox":
        attrs["class"] = "usa-checkbox__input"
    elif kind in ("input", "date"):
        css = next((c for t, c in _INPUT_CLASSES.items() if isinstance(widget, t)), "usa-input")
        # A select in error gets the same red border as an input (USWDS's usa-input--error).
        in_error = bound.errors and css in ("usa-input", "usa-select")
        attrs["class"] = css + (" usa-input--error" if in_error else "")
    if kind == "date":
        # The USWDS date picker shows and sends mm/dd/yyyy; it starts from an ISO default value.
        attrs["type"] = "text"
        hint = hint or "mm/dd/yyyy"
        hint_id = f"{field_id}-hint"
        described = " ".join(i for i in (hint_id, error_id) if i)
        attrs["aria-describedby"] = described
    return {
        "bound": bound,
        "kind": kind,
        "field_id": field_id,
        "hint": hint,
        "hint_id": hint_id,
        "error_id": error_id,
        "described": described,
        "errors": worded_errors(bound),
        "widget_html": bound.as_widget(attrs=attrs) if kind in ("input", "checkbox", "date") else "",
        "default_date": _iso_date(bound) if kind == "date" else "",
        "required": bound.field.required,
    }


@register.inclusion_tag("includes/filter_errors.html")
def filter_errors(form: forms.BaseForm) -> dict[str, Any]:
    """An error summary above a list's filters: every refused value with its field's label, including
    parameters the page carries in its links rather than in visible fields (sort key, page size)."""
    problems = [
        {
            "label": form[name].label,
            "messages": worded_errors(form[name]),
            "field_id": "" if form[name].is_hidden else _anchor(form[name]),
        }
        for name in form.errors
        if name in form.fields
    ]
    return {"problems": problems, "others": form.non_field_errors()}


def _anchor(bound: BoundField) -> str:
    """The id a summary's link jumps to: the input itself, or a group's first choice."""
    field_id = bound.auto_id or bound.html_name
    if _kind(bound.field.widget) in ("radio", "checkboxes"):
        return f"{field_id}_0"
    return field_id


def form_problems(form: forms.BaseForm) -> list[dict[str, str]]:
    """Every error of a bound form, the form's own first, each field's with its label and anchor."""
    problems = [{"label": "", "field_id": "", "message": str(m)} for m in form.non_field_errors()]
    for name in form.errors:
        if name not in form.fields:
            continue
        bound = form[name]
        for message in worded_errors(bound):
            problems.append({"label": str(bound.label), "field_id": _anchor(bound), "message": str(message)})
    return problems


@register.inclusion_tag("includes/form_errors.html")
def form_errors(*forms_or_lists: Any) -> dict[str, Any]:
    """The error summary at the top of a failed form (or of several forms saved together): a USWDS
    alert linking each error to its field, which static/js/error-summary.js focuses on load."""
    flat: list[forms.BaseForm] = []
    for item in forms_or_lists:
        flat.extend(item if isinstance(item, list | tuple) else [item])
    problems = [p for form in flat if form is not None for p in form_problems(form)]
    prefix = next((f.prefix for f in flat if f is not None and f.prefix), "")
    return {"problems": problems, "summary_id": f"{prefix}-error-summary" if prefix else "error-summary"}


@register.simple_tag
def finding_forms(rows: list[dict[str, Any]]) -> list[forms.BaseForm]:
    return [row["form"] for row in rows]


@register.simple_tag(takes_context=True)
def error_title_prefix(context: Any) -> str:
    """ "Error: " when the page shows a form that failed, so the title says so before anything else."""
    if context.get("page_has_errors"):
        return "Error: "
    for value in context.flatten().values():
        if isinstance(value, LazyObject):
            # Not a form, and evaluating it has effects: ``csrf_token`` would set the CSRF cookie on
            # every page, ``user`` would read the session.
            continue
        candidates = value if isinstance(value, list | tuple) else [value]
        for candidate in candidates:
            if isinstance(candidate, forms.BaseForm) and candidate.is_bound and candidate.errors:
                return "Error: "
    return ""


# One colour per state, for applications and for bodies' AG certification alike: green counts, blue is
# in progress, amber waits on someone, red was refused or taken away, grey is closed or not started.
STATUS_TAGS = {
    "approved": "tag-success",
    "submitted": "tag-info",
    "under_review": "tag-info",
    "returned": "tag-warning",
    "denied": "tag-error",
    "revoked": "tag-error",
    "draft": "tag-neutral",
    "withdrawn": "tag-neutral",
    "expired": "tag-neutral",
    "certified": "tag-success",
    "suspended": "tag-warning",
    "pending": "tag-info",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_TAGS.get(str(status), "tag-neutral")


@register.simple_tag
def state_tag(obj: Any) -> str:
    """An application's state or a body's AG certification as a USWDS tag, in its one colour."""
    if isinstance(obj, CredentialingBody):
        value, label = obj.certification_status, obj.get_certification_status_display()
    else:
        value, label = obj.status, obj.get_status_display()
    return format_html('<span class="usa-tag {}">{}</span>', status_class(value), label)


@register.simple_tag
def eligibility_tag(eligible: bool | None, required: bool = True) -> str:
    """An agency's grant eligibility as a tag: eligible, not eligible, or not required (formula grants)."""
    if not required:
        return format_html('<span class="usa-tag tag-neutral">{}</span>', "Not required")
    if eligible:
        return format_html('<span class="usa-tag tag-success">{}</span>', "Eligible")
    return format_html('<span class="usa-tag tag-error">{}</span>', "Not eligible")


@register.filter
def day(value: date | datetime | str | None) -> str:
    """A date as people write it: "December 1, 2026"."""
    return human_date(value)


@register.filter
def moment(value: datetime | None) -> str:
    """A date and time in the tracker's time zone: "December 1, 2026, 2:05 p.m."."""
    return human_moment(value)


@register.filter
def valid_through_day(expires_on: date | None) -> str:
    """A credential's stored (exclusive) expiry as its last valid day, written out."""
    return human_date(valid_through(expires_on))


@register.filter
def basis_label(basis: str) -> str:
    """An eligibility basis in words, for rows annotated with the bare value."""
    return str(EligibilityBasis(basis).label) if basis in EligibilityBasis.values else str(basis)


@register.filter
def person(user: Any) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.username


@register.filter
def page_range(paginator: Paginator, number: int) -> list[int | str]:
    """The page numbers to offer around page ``number``: the ends, its neighbours, and ellipses between."""
    return list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))


def _query_lists(request: Any) -> list[tuple[str, list[str]]]:
    """The request's query as (name, values) in order, read once per request: a list page writes a dozen
    links from it, and copying the QueryDict for each was a tenth of the page's rendering."""
    lists = getattr(request, "_query_lists", None)
    if lists is None:
        lists = request._query_lists = [(name, list(values)) for name, values in request.GET.lists()]
    return lists


def _changed_query(request: Any, changes: dict[str, Any]) -> str:
    """The request's query with ``changes`` applied as ``{% querystring %}`` applies them (None removes a
    parameter, an iterable sets every value, anything else sets one; a parameter keeps its place), in the
    same order and encoding."""
    query = dict(_query_lists(request))
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        elif isinstance(value, Iterable) and not isinstance(value, str):
            query[name] = [str(item) for item in value]
        else:
            query[name] = [str(value)]
    if not query and not request.GET:
        return ""
    return "?" + urlencode([(name, value) for name, values in query.items() for value in values])


@register.simple_tag(takes_context=True)
def querystring(context: Any, **changes: Any) -> str:
    """Django's ``{% querystring %}`` of ``request.GET`` (keyword changes only), without copying the
    QueryDict each time."""
    return _changed_query(context["request"], changes)


@register.simple_tag(takes_context=True)
def sort_link(context: Any, key: str) -> str:
    """The query string that sorts by ``key``, or by ``-key`` when already sorted by it."""
    request = context["request"]
    current = request.GET.get(SORT_PARAMETER, "")
    return _changed_query(request, {SORT_PARAMETER: f"-{key}" if current == key else key, "page": None})


def _sort_direction(context: Any, key: str) -> str:
    """ "ascending" or "descending" when the table is sorted by ``key``, else ""."""
    current = context["request"].GET.get(SORT_PARAMETER, context.get("default_sort", ""))
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return ""


@register.simple_tag(takes_context=True)
def aria_sort(context: Any, *keys: str) -> str:
    """` aria-sort="..."` on the column the table is sorted by (by any of ``keys``), nothing on the others."""
    for key in keys:
        if direction := _sort_direction(context, key):
            return format_html(' aria-sort="{}"', direction)
    return ""


@register.simple_tag(takes_context=True)
def sort_mark(context: Any, key: str) -> str:
    """` data-sorted="..."` on the sort link of a column header that holds more than one."""
    if direction := _sort_direction(context, key):
        return format_html(' data-sorted="{}"', direction)
    return ""


# Codes, ISO dates and citations inside free text ("already credentialed (APP-000027, ...)", "Sec.
# 2(c)(i))."): kept on one line.
_CODES = re.compile(r"\b(?:[A-Z]{2,}-\d+\b|\d{4}-\d{2}-\d{2}\b|\d+(?:\([a-z0-9]+\))+\)*[.,;]?)")


@register.filter
def keep_codes(text: object) -> str:
    """The text escaped, each application reference, list reference or ISO date in it kept whole."""
    escaped = str(escape(text))
    return mark_safe(_CODES.sub(r'<span class="nowrap">\g<0></span>', escaped))  # noqa: S308 - escaped above
