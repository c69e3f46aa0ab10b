"""The one way to render a form field in USWDS markup, and small display helpers."""

from typing import Any

from django import forms, template
from django.core.paginator import Paginator
from django.forms.boundfield import BoundField
from django.utils.html import format_html

from grants.models import EligibilityBasis

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
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.inclusion_tag("includes/field.html")
def field(bound: BoundField, hint: str = "") -> dict[str, Any]:
    """Label, hint, error message and the widget, tied together with ``aria-describedby``."""
    widget = bound.field.widget
    kind = _kind(widget)
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
    elif kind == "input":
        css = next((c for t, c in _INPUT_CLASSES.items() if isinstance(widget, t)), "usa-input")
        attrs["class"] = css + (" usa-input--error" if bound.errors and css == "usa-input" else "")
    return {
        "bound": bound,
        "kind": kind,
        "field_id": field_id,
        "hint": hint,
        "hint_id": hint_id,
        "error_id": error_id,
        "described": described,
        "widget_html": bound.as_widget(attrs=attrs) if kind in ("input", "checkbox") else "",
        "required": bound.field.required,
    }


@register.inclusion_tag("includes/filter_errors.html")
def filter_errors(form: forms.BaseForm) -> dict[str, Any]:
    """An error summary above a list's filters: every refused value with its field's label, including
    parameters the page carries in its links rather than in visible fields (sort key, page size)."""
    problems = [
        {"label": form[name].label, "messages": errors}
        for name, errors in form.errors.items()
        if name in form.fields
    ]
    return {"problems": problems, "others": form.non_field_errors()}


@register.inclusion_tag("includes/form_errors.html")
def form_errors(form: forms.BaseForm) -> dict[str, Any]:
    return {"errors": form.non_field_errors()}


STATUS_TAGS = {
    "approved": "tag-success",
    "submitted": "tag-info",
    "under_review": "tag-info",
    "returned": "tag-warning",
    "denied": "tag-error",
    "revoked": "tag-error",
    "certified": "tag-success",
    "suspended": "tag-warning",
    "pending": "tag-info",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_TAGS.get(str(status), "tag-neutral")


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


@register.simple_tag(takes_context=True)
def sort_link(context: Any, key: str) -> str:
    """The query string that sorts by ``key``, or by ``-key`` when already sorted by it."""
    request = context["request"]
    query = request.GET.copy()
    current = query.get(SORT_PARAMETER, "")
    query[SORT_PARAMETER] = f"-{key}" if current == key else key
    query.pop("page", None)
    return "?" + query.urlencode()


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
