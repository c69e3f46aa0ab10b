"""The building blocks of every list's filters, shared by the web pages and the API.

Each list has one django-filter FilterSet in its domain app; the web view binds it to ``request.GET`` and
renders its form, the API view hands it to DRF's filter backend. Both refuse a value they do not
understand: a form error next to the field on the page, a 400 on the API, never an unfiltered list.
"""

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

MAX_ID = 2**31 - 1
# Dates as the USWDS date picker sends them (mm/dd/yyyy) and as the API and links write them (ISO).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y"]
DATE_INVALID = "Enter a date as mm/dd/yyyy (or YYYY-MM-DD)."
PAGE_SIZES = (25, 50, 100, 500)  # offered as links on the pages; any size up to the maximum works
MAX_PAGE_SIZE = 500
TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})


class YesNoField(forms.Field):
    """``true``/``false``, ``1``/``0`` or ``yes``/``no`` (any case); blank means no filter; else an error."""

    default_error_messages = {"invalid": "Enter yes or no (also accepted: true/false, 1/0)."}

    def __init__(self, *, yes_label: str = "Yes", no_label: str = "No", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.Select(choices=[("", "- Any -"), ("yes", yes_label), ("no", no_label)])
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value: Any) -> Any:
        # The page's select shows the canonical word whatever spelling came in.
        parsed = value
        try:
            parsed = self.to_python(value)
        except forms.ValidationError:
            return value
        if parsed is None:
            return ""
        return "yes" if parsed else "no"


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(django_filters.Filter):
    field_class = YesNoField

    def filter(self, qs: QuerySet, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value})


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A whole number in range, by default the id of a related object (else an error, never a database
    overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class SortKey:
    key: str
    columns: tuple[str, ...]
    label: str


class SortFilter(django_filters.ChoiceFilter):
    """``ordering=key`` or ``ordering=-key`` from a fixed table of keys; ``id`` breaks ties."""

    def __init__(self, *, keys: Sequence[SortKey], default: str, **kwargs: Any) -> None:
        self.keys = {k.key: k for k in keys}
        self.default = default
        choices: list[tuple[str, str]] = []
        for k in keys:
            choices += [(k.key, k.label), (f"-{k.key}", f"{k.label} (descending)")]
        kwargs.setdefault("label", "Sort by")
        kwargs.setdefault("empty_label", None)
        super().__init__(choices=choices, method=self.sort, **kwargs)

    def order_by(self, value: str | None) -> list[str]:
        value = value or self.default
        descending = value.startswith("-")
        key = self.keys[value.lstrip("-")]
        columns = [f"-{c}" if descending else c for c in key.columns]
        return [*columns, "-id" if descending else "id"]

    def sort(self, queryset: QuerySet, name: str, value: str | None) -> QuerySet:
        return queryset.order_by(*self.order_by(value))


class ListFilterSet(django_filters.FilterSet):
    """A FilterSet that always sorts (by its ``ordering`` filter's default when none is asked) and knows
    the page size, so that a bad ``page_size`` is refused like any other bad value."""

    page_size = IdFilter(
        method="keep", max_value=None, label="Rows per page", help_text="At most 500 rows are returned."
    )
    # Older names of sort keys still accepted from existing API clients: {old: new}.
    ordering_aliases: Mapping[str, str] = {}

    # One form class per FilterSet class: see ``get_form_class``.
    _form_classes: ClassVar[dict[type, type[forms.Form]]] = {}

    def __init__(
        self, data: Any = None, queryset: Any = None, *, request: Any = None, prefix: str | None = None
    ) -> None:
        if data is not None and self.ordering_aliases:
            data = self._with_aliases_resolved(data)
        # What django-filter's own __init__ does, but with each filter copied one level deep instead of a
        # deep copy of them all (their choices, labels and querysets): that copy was a twentieth of a list
        # page's time, and nothing in a filter but these attributes is per request.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: self._own_copy(f, queryset.model) for name, f in self.base_filters.items()}

    def _own_copy(self, base: django_filters.Filter, model: Any) -> django_filters.Filter:
        own = copy.copy(base)
        own.extra = dict(base.extra)  # a ModelChoiceFilter writes its queryset there
        own.model = model
        own.parent = self
        if base.method is not None:
            own.method = base.method  # bound again, to this copy: a method is looked up on its parent
        return own

    def get_form_class(self) -> type[forms.Form]:
        """The form class, built once per FilterSet class: no field here depends on the request (their
        choices are fixed, and a queryset is copied afresh into each form), so building a class and its
        fields on every request only cost time."""
        cls = type(self)
        form_class = ListFilterSet._form_classes.get(cls)
        if form_class is None:
            form_class = ListFilterSet._form_classes[cls] = super().get_form_class()
        return form_class

    def _with_aliases_resolved(self, data: Any) -> Any:
        raw = data.get("ordering")
        if not raw:
            return data
        descending = raw.startswith("-")
        new = self.ordering_aliases.get(raw.lstrip("-"))
        if new is None:
            return data
        copy = data.copy() if isinstance(data, QueryDict) else dict(data)
        copy["ordering"] = f"-{new}" if descending else new
        return copy

    def keep(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        sort = self.filters.get("ordering")
        if isinstance(sort, SortFilter) and not self.form.cleaned_data.get("ordering"):
            queryset = sort.sort(queryset, "ordering", None)
        return queryset

    @property
    def page_size_value(self) -> int:
        """The requested rows per page (the default when none or an invalid one was asked)."""
        if self.is_bound and self.is_valid() and self.form.cleaned_data.get("page_size"):
            return min(int(self.form.cleaned_data["page_size"]), MAX_PAGE_SIZE)
        return self.default_page_size

    default_page_size = 50
