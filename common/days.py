"""The day a reading of the record is asked for (``as_of``, ``on``): today or an earlier day.

Past days are answered from the histories; a day still to come is refused, never answered with today's
figures nor with a forecast: what the rule says on a later day depends on applications, approvals,
revocations and certifications that have not happened yet. Every door (pages, API, downloads,
dashboards) parses these days here, so they all refuse the same days with the same words.
"""

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .filtering import DATE_INPUT_FORMATS, DATE_INVALID


def future_day_message(day: date, current: date) -> str:
    return (
        f"{day:%Y-%m-%d} is after today ({current:%Y-%m-%d}): the record can be read as of today or "
        "an earlier day, not a day still to come."
    )


class ReadingDayField(forms.DateField):
    """A date field that refuses a day after today."""

    default_error_messages = {"invalid": DATE_INVALID}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("required", False)
        # A date input sends and shows its value as YYYY-MM-DD whatever the locale's formats say.
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        current = timezone.localdate()
        if value and value > current:
            raise ValidationError(future_day_message(value, current), code="future")


class ReadingDayFilter(django_filters.DateFilter):
    """``as_of`` in a FilterSet: the same parsing and the same refusal as every other door."""

    field_class = ReadingDayField


def reading_day(raw: str | None) -> date | None:
    """The day ``raw`` names (None when blank), or a ``ValidationError`` in the words the pages use."""
    return ReadingDayField().clean(raw)
