"""Error messages that name the field and say what to do, for every form the pages render.

Django's defaults ("This field is required.", "Select a valid choice. X is not one of the available
choices.") say neither which field nor what to do. The shared field rendering and the error summaries read
a field's errors through ``worded_errors``, so every form gets the same wording without repeating it; a
field that sets its own message keeps it."""

import re

from django import forms
from django.forms.boundfield import BoundField

# A label that already reads as a noun phrase with its own article or an acronym keeps its first word.
_KEEPS_CASE = re.compile(r"^([A-Z]{2,}|Sec\.|EO\b)")
_HAS_ARTICLE = re.compile(r"^(the|a|an|your|its|this|each)\b", re.IGNORECASE)


# Labels that are not noun phrases, and how a message names them.
_PHRASES = {"Sort by": "a sort order"}


def _phrase(label: str) -> str:
    """'Officer's date of birth' -> "the officer's date of birth"; "ORI" stays "the ORI"."""
    label = label.strip().rstrip(":")
    if label in _PHRASES:
        return _PHRASES[label]
    if not _KEEPS_CASE.match(label):
        label = label[:1].lower() + label[1:]
    return label if _HAS_ARTICLE.match(label) else f"the {label}"


def _verb(field: forms.Field) -> str:
    widget = field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "Select at least one of"
    if isinstance(widget, forms.Select | forms.RadioSelect) or isinstance(field, forms.ChoiceField):
        return "Choose"
    if isinstance(widget, forms.FileInput):
        return "Choose a file for"
    return "Enter"


def required_message(bound: BoundField) -> str:
    field = bound.field
    if isinstance(field.widget, forms.CheckboxInput):
        return f"Tick the box to confirm: {bound.label}."
    return f"{_verb(field)} {_phrase(str(bound.label))}."


def invalid_choice_message(bound: BoundField, value: object) -> str:
    return f"Choose {_phrase(str(bound.label))} from the list: “{value}” is not one of its choices."


def worded_errors(bound: BoundField) -> list[str]:
    """The field's errors, Django's generic ones replaced by messages naming the field."""
    form = bound.form
    if not form.is_bound or bound.name not in form.errors:
        return []
    generic_required = str(forms.Field.default_error_messages["required"])
    own_required = str(bound.field.error_messages.get("required", generic_required))
    worded = []
    for error in form.errors.as_data()[bound.name]:
        if error.code == "required" and own_required == generic_required:
            worded.append(required_message(bound))
        elif error.code == "invalid_choice" and _is_django_default(bound, "invalid_choice"):
            worded.append(invalid_choice_message(bound, (error.params or {}).get("value", "")))
        else:
            worded.extend(error.messages)
    return worded


def _is_django_default(bound: BoundField, code: str) -> bool:
    field = bound.field
    defaults: dict[str, object] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return str(field.error_messages.get(code)) == str(defaults.get(code))
