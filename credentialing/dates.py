"""Calendar arithmetic for credential terms and the 36-month look-back."""

import calendar
from datetime import date

from django.utils import timezone

LOOK_BACK_MONTHS = 36


def today() -> date:
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month (Jan 31 + 1 = Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
