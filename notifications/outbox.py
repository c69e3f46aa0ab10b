"""Writing notifications inside the transaction of the change they tell about, and sending them after.

The ``Notification`` rows are the outbox: they commit with the change or not at all. Once committed,
the sender is enqueued; if the broker is down that enqueue fails, the rows stay pending, and the
periodic run of the same sender picks them up. ``(recipient, key)`` is unique, so writing the same event
twice adds nothing.
"""

import logging
from collections.abc import Iterable

from celery import current_app
from django.db import transaction

from accounts.models import Role, User

from .compose import Message
from .models import Notification

logger = logging.getLogger(__name__)


def staff_of(agency_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active staff per agency, in one query."""
    by_agency: dict[int, list[User]] = {}
    for person in User.objects.filter(
        role=Role.AGENCY_STAFF, agency_id__in=list(agency_ids), is_active=True
    ).order_by("pk"):
        by_agency.setdefault(person.agency_id, []).append(person)  # type: ignore[arg-type]
    return by_agency


def certifiers_of(body_id: int) -> list[User]:
    return list(
        User.objects.filter(role=Role.CERTIFIER, credentialing_body_id=body_id, is_active=True).order_by("pk")
    )


def _enqueue_sender() -> None:
    from .tasks import send_notifications

    try:
        send_notifications.delay()
    except Exception:
        if current_app.conf.task_always_eager:
            raise
        # The rows are committed: the periodic sender will find them.
        logger.exception("could not enqueue the notification sender; its periodic run will send")


def write(items: Iterable[tuple[User, str, Message]]) -> int:
    """One notification per (person, event key); returns how many rows it offered to write."""
    rows = [
        Notification(
            recipient=person,
            kind=message.kind,
            key=key[:200],
            subject=message.subject[:200],
            what_happened=message.what_happened,
            why=message.why,
            next_step=message.next_step,
            link_path=message.link_path,
            link_label=message.link_label[:100],
        )
        for person, key, message in items
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    transaction.on_commit(_enqueue_sender)
    return len(rows)
