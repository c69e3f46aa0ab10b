"""Expiry reminders at 90, 30 and 7 days before a credential ends; the expiry itself is the expire event."""

from datetime import date, timedelta

from django.db import transaction

from credentialing.dates import today
from credentialing.models import CredentialApplication
from credentialing.states import ApplicationStatus

from . import compose, outbox
from .kinds import REMINDER_DAYS
from .subscribers import reminder_threshold


def send_expiry_reminders(*, on: date | None = None) -> int:
    """Write the reminders due on ``on`` (today); returns how many notifications it offered.

    Each (credential, expiry date, threshold) has one key per person, so running this every night, or
    twice in one night, tells each person each reminder once.
    """
    day = on or today()
    with transaction.atomic():
        due = list(
            CredentialApplication.objects.filter(
                status=ApplicationStatus.APPROVED,
                expires_on__gt=day,
                expires_on__lte=day + timedelta(days=max(REMINDER_DAYS)),
            )
            .select_related("agency", "body")
            .order_by("pk")
        )
        staff = outbox.staff_of({application.agency_id for application in due})
        items: list[tuple[int, str, compose.Message]] = []
        for application in due:
            assert application.expires_on is not None
            threshold = reminder_threshold(application.expires_on, day)
            if threshold is None:
                continue
            message = compose.expiry_reminder(application, (application.expires_on - day).days)
            key = f"application:{application.pk}:expires:{application.expires_on}:{threshold}"
            items.extend((person, key, message) for person in staff.get(application.agency_id, []))
        return outbox.write(items)
