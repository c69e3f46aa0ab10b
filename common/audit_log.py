"""Reading the audit trail: the filters and the columns both the DOJ page and the API use.

The filters are one django-filter ``FilterSet`` (person, object type, action, date range), the columns one
list for every download, so the page, its CSV and the API can never disagree on what an entry says.
"""

import json
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.choices import CallableChoiceIterator

from .exports import Column
from .models import AuditEntry


def audit_entries() -> QuerySet[AuditEntry]:
    """Newest first. Entries carry their actor's name, so listing them joins nothing."""
    return AuditEntry.objects.order_by("-at", "-id")


def _distinct(field: str) -> list[tuple[str, str]]:
    values = AuditEntry.objects.order_by(field).values_list(field, flat=True).distinct()
    return [("", "- Any -"), *((v, v) for v in values if v)]


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_label",
        lookup_expr="iexact",
        label="Person (user name)",
        max_length=150,
    )
    object_type = django_filters.CharFilter(
        label="Object type",
        max_length=64,
        # The kinds present in the trail, read when the page is drawn; the API takes any text.
        widget=forms.Select(choices=CallableChoiceIterator(lambda: _distinct("object_type"))),
        help_text="For example credentialing.credentialingbody.",
    )
    action = django_filters.CharFilter(
        label="Action",
        max_length=64,
        widget=forms.Select(choices=CallableChoiceIterator(lambda: _distinct("action"))),
        help_text="For example body.updated.",
    )
    date_from = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label="From (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label="To (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["actor", "object_type", "action", "date_from", "date_to"]


def _text(value: Any) -> str:
    if value is None:
        return "(none)"
    if value == "" or value == []:
        return "(empty)"
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else json.dumps(value, sort_keys=True)
    return str(value)


def entry_changes(entry: AuditEntry) -> list[dict[str, str]]:
    """Each field the entry touched, with its value before and after, as a person reads them."""
    keys = list(dict.fromkeys([*entry.before, *entry.after]))
    return [
        {
            "field": key.replace("_", " "),
            "before": _text(entry.before[key]) if key in entry.before else "-",
            "after": _text(entry.after[key]) if key in entry.after else "-",
        }
        for key in keys
    ]


def changes_text(entry: AuditEntry) -> str:
    return "; ".join(f"{c['field']}: {c['before']} -> {c['after']}" for c in entry_changes(entry))


AUDIT_COLUMNS = [
    Column("When", lambda e: e.at),
    Column("Person", lambda e: e.actor_label or "system"),
    Column("Address", lambda e: e.address or ""),
    Column("Action", lambda e: e.action),
    Column("Object type", lambda e: e.object_type),
    Column("Object id", lambda e: e.object_id),
    Column("Object", lambda e: e.object_label),
    Column("Changes", changes_text),
    Column("Reason", lambda e: e.reason),
]
