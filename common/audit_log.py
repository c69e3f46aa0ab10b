"""Reading the audit trail: the filters and the columns both the DOJ page and the API use.

The filters are one django-filter ``FilterSet`` (person, kind of thing, what was done, date range), offered
in words; the columns one list for every download, the machine fields beside the words, so the page, its
CSV and the API can never disagree on what an entry says.
"""

import json
from collections.abc import Iterable, Iterator
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.choices import CallableChoiceIterator

from .audit_words import USER_TYPE, Words, action_choices, describe, names_of, object_choices
from .exports import Column
from .filtering import DATE_INPUT_FORMATS, DATE_INVALID
from .models import AuditEntry


def audit_entries() -> QuerySet[AuditEntry]:
    """Newest first. Entries carry their actor's name, so listing them joins nothing."""
    return AuditEntry.objects.order_by("-at", "-id")


def _distinct(field: str) -> list[str]:
    values = AuditEntry.objects.order_by(field).values_list(field, flat=True).distinct()
    return [v for v in values if v]


def _people_choices() -> list[tuple[str, str]]:
    """The people in the trail by name, the user name they had then as the value (what the API takes)."""
    pairs = list(AuditEntry.objects.exclude(actor_label="").values_list("actor_label", "actor_id").distinct())
    named = dict(zip([p[1] for p in pairs], _person_names([p[1] for p in pairs]), strict=True))
    choices = {
        label: f"{named[actor]} ({label})" if named[actor] and named[actor] != label else label
        for label, actor in pairs
    }
    return [("", "- Anyone -"), *sorted(choices.items(), key=lambda choice: choice[1].lower())]


def _person_names(actor_ids: list[int | None]) -> list[str]:
    found = names_of(USER_TYPE, {str(a) for a in actor_ids if a is not None})
    return [found.get(str(a), "") for a in actor_ids]


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        field_name="actor_label",
        lookup_expr="iexact",
        label="Person",
        max_length=150,
        # The people present in the trail, read when the page is drawn; the API takes any user name.
        widget=forms.Select(choices=CallableChoiceIterator(_people_choices)),
    )
    object_type = django_filters.CharFilter(
        label="Kind of thing",
        max_length=64,
        widget=forms.Select(
            choices=CallableChoiceIterator(
                lambda: [("", "- Anything -"), *object_choices(_distinct("object_type"))]
            )
        ),
    )
    action = django_filters.CharFilter(
        label="What was done",
        max_length=64,
        widget=forms.Select(
            choices=CallableChoiceIterator(
                lambda: [("", "- Anything -"), *action_choices(_distinct("action"))]
            )
        ),
    )
    date_from = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label="From",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
        widget=forms.DateInput(),
    )
    date_to = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label="To",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
        widget=forms.DateInput(),
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


def in_words(entries: Iterable[AuditEntry], *, batch: int = 500) -> Iterator[Words]:
    """Entries in words for a download, named a batch at a time: a fixed number of queries per batch."""
    chunk: list[AuditEntry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == batch:
            yield from describe(chunk)
            chunk = []
    if chunk:
        yield from describe(chunk)


# The machine fields for auditors, and beside them the same entry in words.
AUDIT_COLUMNS = [
    Column("When", lambda w: w.entry.at),
    Column("Person", lambda w: w.entry.actor_label or "system"),
    Column("Address", lambda w: w.entry.address or ""),
    Column("Action", lambda w: w.entry.action),
    Column("Object type", lambda w: w.entry.object_type),
    Column("Object id", lambda w: w.entry.object_id),
    Column("Object", lambda w: w.entry.object_label),
    Column("Changes", lambda w: changes_text(w.entry)),
    Column("Reason", lambda w: w.entry.reason),
    Column("What happened", lambda w: w.sentence),
    Column("Changes in words", lambda w: w.changes_text),
]
