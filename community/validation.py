"""Checks of what a person types about a program or a year's figures: each refusal names its field."""

from datetime import date
from typing import Any

from common.errors import RuleViolation

from .models import HOURS_IN_A_WEEK, NAME_MAX_LENGTH, PartnerKind, SupportModel

# A start before this is taken for a typing mistake.
EARLIEST_START = date(1980, 1, 1)
MAX_PARTNERS = 5


def clean_text(value: Any, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    if value is None:
        value = ""
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


def clean_share(value: Any, *, field: str, label: str) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise RuleViolation(f"Enter the {label} as a whole percentage from 0 to 100.", field=field)
    if value < 0 or value > 100:
        raise RuleViolation(f"The {label} is a percentage from 0 to 100 (it was {value}).", field=field)
    return value


def clean_count(value: Any, *, field: str, label: str) -> int:
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise RuleViolation(f"Enter the {label} as a whole number.", field=field)
    if value < 0 or value > 10_000_000:
        raise RuleViolation(f"The {label} is a number from 0 to 10,000,000.", field=field)
    return value


def clean_partners(partners: Any) -> list[dict[str, str]]:
    if not isinstance(partners, list | tuple) or not partners:
        raise RuleViolation("Name at least one partner organisation and its kind.", field="partners")
    if len(partners) > MAX_PARTNERS:
        raise RuleViolation(f"Name at most {MAX_PARTNERS} partner organisations.", field="partners")
    cleaned = []
    for n, partner in enumerate(partners, start=1):
        if not isinstance(partner, dict):
            raise RuleViolation(f"Partner {n} needs a name and a kind.", field="partners")
        name = clean_text(
            partner.get("name"), field="partners", label=f"name of partner {n}", max_length=NAME_MAX_LENGTH
        )
        kind = partner.get("kind")
        if kind not in PartnerKind.values:
            kinds = ", ".join(str(label).lower() for label in PartnerKind.labels)
            raise RuleViolation(f"The kind of partner {n} is one of: {kinds}.", field="partners")
        cleaned.append({"name": name, "kind": kind})
    return cleaned


def clean_terms(
    *,
    today: date,
    model: Any,
    other_name: Any = "",
    partners: Any,
    started_on: date | None,
    ended_on: date | None = None,
    hours_per_week: Any,
    jurisdiction_share: Any,
    officers_trained_share: Any,
    training_name: Any = "",
    training_date: date | None = None,
) -> dict[str, Any]:
    """Every term of a program checked; the cleaned values, ready to store."""
    if model not in SupportModel.values:
        raise RuleViolation("Choose the program's model.", field="model")
    other_name = clean_text(
        other_name,
        field="other_name",
        label="name of the model",
        max_length=NAME_MAX_LENGTH,
        required=model == SupportModel.OTHER,
    )
    if model != SupportModel.OTHER:
        other_name = ""
    if started_on is None:
        raise RuleViolation("Enter the day the program started.", field="started_on")
    if started_on > today:
        raise RuleViolation(
            "The start date is in the future: record a program once it has started.", field="started_on"
        )
    if started_on < EARLIEST_START:
        raise RuleViolation(f"The start date is before {EARLIEST_START.year}.", field="started_on")
    if ended_on is not None:
        if ended_on <= started_on:
            raise RuleViolation("The program ends after the day it started.", field="ended_on")
        if ended_on > today:
            raise RuleViolation(
                "The end date is in the future: record the end once the program has ended.", field="ended_on"
            )
    if hours_per_week is None or isinstance(hours_per_week, bool) or not isinstance(hours_per_week, int):
        raise RuleViolation("Enter the hours covered per week as a whole number.", field="hours_per_week")
    if not 1 <= hours_per_week <= HOURS_IN_A_WEEK:
        raise RuleViolation(
            f"The hours covered per week are from 1 to {HOURS_IN_A_WEEK} (around the clock).",
            field="hours_per_week",
        )
    training_name = clean_text(
        training_name,
        field="training_name",
        label="training's name",
        max_length=NAME_MAX_LENGTH,
        required=False,
    )
    trained = clean_share(
        officers_trained_share, field="officers_trained_share", label="share of sworn officers trained"
    )
    if training_date is not None and training_date > today:
        raise RuleViolation("The training date is in the future.", field="training_date")
    if trained > 0 and not training_name:
        raise RuleViolation("Name the training the officers received.", field="training_name")
    return {
        "model": model,
        "other_name": other_name,
        "partners": clean_partners(partners),
        "started_on": started_on,
        "ended_on": ended_on,
        "hours_per_week": hours_per_week,
        "jurisdiction_share": clean_share(
            jurisdiction_share, field="jurisdiction_share", label="share of the jurisdiction covered"
        ),
        "officers_trained_share": trained,
        "training_name": training_name,
        "training_date": training_date,
    }
