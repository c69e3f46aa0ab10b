"""The audit trail in words: who did what to which named thing, and each change as labels, not codes.

``common`` cannot import the apps whose rows the trail names, so each app registers, in its
``AppConfig.ready``, the words of the actions it writes (``register_action``) and how to name its objects
(``register_object``). Field labels, choice labels and yes/no come from the models themselves, found by
the entry's object type. ``describe`` names a whole page of entries in one query per kind of object named,
whatever the page's length.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst

from .humanize import human_date, human_moment
from .models import AuditEntry

USER_TYPE = "accounts.user"
NONE = "none"

# Ids (as text) -> how a person names each object, in one query.
Namer = Callable[[Sequence[str]], dict[str, str]]
ValueWords = Callable[[Any], str]


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the entry has no value before (a creation)
    after: str | None  # None: the entry has no value after (a removal)

    @property
    def text(self) -> str:
        if self.before is None:
            return f"{self.field}: {self.after}"
        if self.after is None:
            return f"{self.field}: was {self.before}"
        return f"{self.field}: {self.before} → {self.after}"


@dataclass(frozen=True)
class Words:
    """One entry as a person reads it."""

    entry: AuditEntry
    who: str
    thing: str
    changes: tuple[Change, ...]
    _values: dict[tuple[str, str], str]
    sentence: str = ""

    def before(self, key: str) -> str:
        return self._values.get(("before", key), NONE)

    def after(self, key: str) -> str:
        return self._values.get(("after", key), NONE)

    def raw_after(self, key: str) -> Any:
        return self.entry.after.get(key)

    @property
    def changes_text(self) -> str:
        return "; ".join(change.text for change in self.changes)


Sentence = str | Callable[[Words], str]


@dataclass(frozen=True)
class _Action:
    label: str
    sentence: Sentence


@dataclass(frozen=True)
class _Object:
    noun: str
    namer: Namer | None
    field_labels: dict[str, str]
    value_words: dict[str, ValueWords]


_ACTIONS: dict[str, _Action] = {}
_OBJECTS: dict[str, _Object] = {}


def register_action(action: str, *, label: str, sentence: Sentence) -> None:
    """``label`` names the kind of event in the filter ("Agency changed"); ``sentence`` is a format string
    with ``{who}`` and ``{thing}``, or a function of the entry's ``Words`` for sentences that need values."""
    _ACTIONS[action] = _Action(label, sentence)


def register_object(
    object_type: str,
    *,
    noun: str,
    namer: Namer | None = None,
    field_labels: dict[str, str] | None = None,
    value_words: dict[str, ValueWords] | None = None,
) -> None:
    """``noun`` names the kind of thing in the filter ("Agency"); ``namer`` names objects by id in one
    query; ``field_labels`` and ``value_words`` cover keys that are not model fields or read better
    otherwise."""
    known = _OBJECTS.get(object_type) or _Object("", None, {}, {})
    _OBJECTS[object_type] = _Object(
        noun,
        namer,
        {**known.field_labels, **(field_labels or {})},
        {**known.value_words, **(value_words or {})},
    )


def extend_object(
    object_type: str,
    *,
    field_labels: dict[str, str] | None = None,
    value_words: dict[str, ValueWords] | None = None,
) -> None:
    """Words for keys another app writes on an object type registered elsewhere (a person's e-mail
    choices on the person, for instance), whichever app is ready first."""
    known = _OBJECTS.get(object_type) or _Object("", None, {}, {})
    _OBJECTS[object_type] = _Object(
        known.noun,
        known.namer,
        {**known.field_labels, **(field_labels or {})},
        {**known.value_words, **(value_words or {})},
    )


def has_words(action: str) -> bool:
    return action in _ACTIONS


def action_label(action: str) -> str:
    known = _ACTIONS.get(action)
    return known.label if known else capfirst(action.replace(".", ": ").replace("_", " "))


def object_noun(object_type: str) -> str:
    known = _OBJECTS.get(object_type)
    if known and known.noun:
        return known.noun
    model = _model(object_type)
    return capfirst(str(model._meta.verbose_name)) if model else object_type


def action_choices(actions: Iterable[str]) -> list[tuple[str, str]]:
    return sorted(((a, action_label(a)) for a in actions), key=lambda choice: choice[1])


def object_choices(object_types: Iterable[str]) -> list[tuple[str, str]]:
    return sorted(((t, object_noun(t)) for t in object_types), key=lambda choice: choice[1])


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(object_type: str, key: str) -> models.Field | None:
    model = _model(object_type)
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _related_label(field: models.Field | None) -> str | None:
    if field is not None and field.is_relation and field.related_model is not None:
        return field.related_model._meta.label_lower  # type: ignore[union-attr]
    return None


def field_label(object_type: str, key: str) -> str:
    known = _OBJECTS.get(object_type)
    if known and key in known.field_labels:
        return known.field_labels[key]
    field = _field(object_type, key)
    name = str(field.verbose_name) if field is not None else key.replace("_", " ")
    return capfirst(name)


class _Names:
    """The objects a page of entries names, collected first and then read per kind in one query each."""

    def __init__(self) -> None:
        self.wanted: dict[str, set[str]] = defaultdict(set)
        self.found: dict[tuple[str, str], str] = {}

    def want(self, label: str | None, value: Any) -> None:
        if label and value not in (None, ""):
            self.wanted[label].add(str(value))

    def resolve(self) -> None:
        for label, ids in self.wanted.items():
            for key, name in _name_objects(label, sorted(ids)).items():
                self.found[(label, key)] = name

    def name(self, label: str, value: Any) -> str | None:
        return self.found.get((label, str(value)))


def names_of(object_type: str, ids: Iterable[str]) -> dict[str, str]:
    """How a person names each of these objects (by id as text), in one query."""
    return _name_objects(object_type, sorted(ids))


def _name_objects(label: str, ids: Sequence[str]) -> dict[str, str]:
    known = _OBJECTS.get(label)
    if known and known.namer:
        return known.namer(ids)
    model = _model(label)
    if model is None:
        return {}
    pk = model._meta.pk
    valid = []
    for value in ids:
        try:
            valid.append(pk.to_python(value))
        except ValidationError:
            continue
    return {str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=valid)}


def _date_words(value: Any, field: models.Field | None) -> str | None:
    if not isinstance(value, str) or not isinstance(field, models.DateField):
        return None
    try:
        if isinstance(field, models.DateTimeField):
            return human_moment(datetime.fromisoformat(value))
        return human_date(date.fromisoformat(value))
    except ValueError:
        return None


def _value_words(object_type: str, key: str, value: Any, names: _Names) -> str:
    known = _OBJECTS.get(object_type)
    if known and key in known.value_words:
        return known.value_words[key](value)
    if value is None or value == "" or value == []:
        return NONE
    field = _field(object_type, key)
    return _plain_words(value, field, names)


def _plain_words(value: Any, field: models.Field | None, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, list):
        inner = getattr(field, "base_field", None) or (
            field if field is not None and field.is_relation else None
        )
        return ", ".join(_plain_words(item, inner, names) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_plain_words(v, None, names)}" for k, v in value.items())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    related = _related_label(field)
    if related:
        return names.name(related, value) or f"a removed {object_noun(related).lower()} (#{value})"
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DecimalField):  # amounts; years and counts stay as written
        try:
            return f"{Decimal(str(value)):,}"
        except InvalidOperation:
            return str(value)
    return _date_words(value, field) or str(value)


def _want_values(entry: AuditEntry, names: _Names) -> None:
    known = _OBJECTS.get(entry.object_type)
    for side in (entry.before, entry.after):
        for key, value in side.items():
            if known and key in known.value_words:
                continue
            related = _related_label(_field(entry.object_type, key))
            for item in value if isinstance(value, list) else [value]:
                names.want(related, item)


def describe(entries: Iterable[AuditEntry]) -> list[Words]:
    """Each entry in words. Queries: one per kind of object named on the page (people included)."""
    rows = list(entries)
    names = _Names()
    for entry in rows:
        names.want(USER_TYPE, entry.actor_id)
        names.want(entry.object_type, entry.object_id)
        _want_values(entry, names)
    names.resolve()
    return [_words(entry, names) for entry in rows]


def _words(entry: AuditEntry, names: _Names) -> Words:
    who = (
        (names.name(USER_TYPE, entry.actor_id) if entry.actor_id else None)
        or entry.actor_label
        or "The system"
    )
    thing = (
        names.name(entry.object_type, entry.object_id) or entry.object_label or object_noun(entry.object_type)
    )
    values: dict[tuple[str, str], str] = {}
    changes = []
    for key in dict.fromkeys([*entry.before, *entry.after]):
        if key in entry.before and key in entry.after and entry.before[key] == entry.after[key]:
            continue  # a whole-row snapshot: say only what changed
        before = (
            _value_words(entry.object_type, key, entry.before[key], names) if key in entry.before else None
        )
        after = _value_words(entry.object_type, key, entry.after[key], names) if key in entry.after else None
        if before is not None:
            values[("before", key)] = before
        if after is not None:
            values[("after", key)] = after
        changes.append(Change(field_label(entry.object_type, key), before, after))
    words = Words(entry=entry, who=who, thing=thing, changes=tuple(changes), _values=values)
    known = _ACTIONS.get(entry.action)
    if known is None:
        sentence = f"{who}: {action_label(entry.action).lower()}, {thing}"
    elif callable(known.sentence):
        sentence = known.sentence(words)
    else:
        sentence = known.sentence.format(who=who, thing=thing)
    return Words(entry=entry, who=who, thing=thing, changes=words.changes, _values=values, sentence=sentence)


def numeric(ids: Sequence[str]) -> list[int]:
    """The ids a namer of integer keys can look up (an entry's object id is text)."""
    return [int(value) for value in ids if value.isdigit()]
