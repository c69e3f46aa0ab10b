"""Calendar arithmetic for credential terms and the 36-month look-back."""

import calendar
from datetime import date, timedelta

from django.utils import timezone

LOOK_BACK_MONTHS = 36


def today() -> date:
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 = Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_through(expires_on: date | None) -> date | None:
    """The last day a credential is valid. ``expires_on`` is stored exclusive (the first day it no longer
    is); people are shown the last valid day, everywhere, from this one conversion."""
    return expires_on - timedelta(days=1) if expires_on is not None else None


def earliest_determination(current: date, term_months: int) -> date:
    """The first determination date an approval on ``current`` accepts.

    "Within the past 36 months" excludes the day exactly 36 months back: a credential determined then
    would end on ``current`` itself (the expiry is exclusive). The day must also leave the body's own term
    still running on ``current``, so one bound gives both the message and the rule.
    """
    day = max(add_months(current, -LOOK_BACK_MONTHS), add_months(current, -term_months))
    day += timedelta(days=1)
    # A shorter month's clamping can make the next day or two end on ``current`` as well.
    while add_months(day, term_months) <= current:
        day += timedelta(days=1)
    return day
