"""How the tracker writes dates for people, everywhere a person reads one (pages, e-mails, messages):
"December 1, 2026", and with a time "December 1, 2026, 2:05 p.m." in the tracker's time zone
(``TIME_ZONE``). Downloads and the API write ISO 8601 instead (``common.exports``, the serializers).
Django's own ``DATE_FORMAT`` and ``DATETIME_FORMAT`` (``config/formats``) say the same, for any value a
template prints without a filter."""

from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone


def human_date(day: date | datetime | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        # A day read back from JSON or a raw query (SQLite returns text): written out all the same.
        text = day
        try:
            day = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            return text
    if isinstance(day, datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return _date_text(day)


@lru_cache(maxsize=8192)
def _date_text(day: date) -> str:
    # Reasons are written for tens of thousands of agencies at a time, over a few thousand distinct days.
    return f"{day:%B} {day.day}, {day.year}"


def human_moment(moment: datetime | None) -> str:
    """A date and time in the tracker's time zone: "December 1, 2026, 2:05 p.m."."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    hour = local.hour % 12 or 12
    return f"{human_date(local.date())}, {hour}:{local:%M} {'a.m.' if local.hour < 12 else 'p.m.'}"
