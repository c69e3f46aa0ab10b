"""Checks of what a person types about an officer or a candidate, shared by records and checks."""

from datetime import date

from common.errors import RuleViolation

from .models import NAME_MAX_LENGTH
from .names import normalise_name

EARLIEST_BIRTH = date(1900, 1, 1)


def clean_text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    if not isinstance(value, str):
        raise RuleViolation(f"Enter the {label} as text.", field=field)
    if "\x00" in value:
        raise RuleViolation(f"The {label} contains a NUL character.", field=field)
    cleaned = " ".join(value.split())
    if len(cleaned) > max_length:
        raise RuleViolation(f"The {label} is longer than {max_length} characters.", field=field)
    if required and not cleaned:
        raise RuleViolation(f"Enter the {label}.", field=field)
    return cleaned


def clean_name(value: str, *, field: str = "officer_name") -> tuple[str, str]:
    """The name as written and its comparison key; a name must have at least one letter."""
    name = clean_text(value, field=field, label="name", max_length=NAME_MAX_LENGTH)
    key = normalise_name(name)
    if not key:
        raise RuleViolation("A name needs at least one letter.", field=field)
    return name, key


def clean_date_of_birth(value: date | None, *, today: date, field: str = "date_of_birth") -> date:
    if value is None:
        raise RuleViolation("Enter the date of birth.", field=field)
    if value > today:
        raise RuleViolation("The date of birth is in the future.", field=field)
    if value < EARLIEST_BIRTH:
        raise RuleViolation("The date of birth is before 1900.", field=field)
    return value


def clean_certificate(value: str) -> str:
    return clean_text(
        value or "", field="certificate_number", label="certificate number", max_length=40, required=False
    ).upper()
