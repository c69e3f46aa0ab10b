"""Writing notifications inside the transaction of the change they tell about, and sending them after.

The ``Notification`` rows are the outbox: they commit with the change or not at all. Once committed,
the sender is enqueued; if the broker is down that enqueue fails, the rows stay pending, and the
periodic run of the same sender picks them up. ``(recipient, key)`` is unique, so writing the same event
twice adds nothing.
"""

import json
import logging
from collections.abc import Iterable

from celery import current_app
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from common.request_context import current_request_id

from .compose import Message
from .models import Delivery, Notification

logger = logging.getLogger(__name__)


def staff_of(agency_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active staff per agency (user ids), in one query."""
    by_agency: dict[int, list[int]] = {}
    for person_id, agency_id in (
        User.objects.filter(role=Role.AGENCY_STAFF, agency_id__in=list(agency_ids), is_active=True)
        .order_by("pk")
        .values_list("pk", "agency_id")
    ):
        by_agency.setdefault(agency_id, []).append(person_id)
    return by_agency


def certifiers_of(body_id: int) -> list[int]:
    """A body's active certifiers (user ids)."""
    return list(
        User.objects.filter(role=Role.CERTIFIER, credentialing_body_id=body_id, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
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


def write(items: Iterable[tuple[int, str, Message]]) -> int:
    """One notification per (recipient id, event key); returns how many rows it offered to write."""
    request_id = (current_request_id() or "")[:128]
    rows = [
        (
            recipient_id,
            message.kind,
            key[:200],
            message.subject[:200],
            message.what_happened,
            message.why,
            message.next_step,
            message.link_path,
            message.link_label[:100],
            request_id,
        )
        for recipient_id, key, message in items
    ]
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        _insert_rows(rows)
    else:
        Notification.objects.bulk_create(
            [Notification(**dict(zip(_COLUMNS, row, strict=True))) for row in rows],
            ignore_conflicts=True,
            batch_size=2000,
        )
    transaction.on_commit(_enqueue_sender)
    return len(rows)


# The columns ``write`` fills; the others take their defaults (pending, never tried, unread).
_COLUMNS = ("recipient_id", "kind", "key", "subject", "what_happened", "why", "next_step", "link_path",
            "link_label", "request_id")  # fmt: skip


def _insert_rows(rows: list[tuple]) -> None:
    """All rows in one statement, sent as one JSON parameter: a national body's revocation tells thousands
    of people, and building a model instance per row (and quoting each value in Python) took seconds."""
    table = Notification._meta.db_table
    columns = ", ".join(_COLUMNS)
    shapes = ", ".join(f"{name} {'bigint' if name == 'recipient_id' else 'text'}" for name in _COLUMNS)
    payload = json.dumps([dict(zip(_COLUMNS, row, strict=True)) for row in rows])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, created_at, delivery, attempts, last_error, emailed_to) "  # noqa: S608
            f"SELECT {columns}, %s, %s, 0, '', '' "
            f"FROM json_to_recordset(%s::json) AS given({shapes}) "
            "ON CONFLICT (recipient_id, key) DO NOTHING",
            [timezone.now(), Delivery.PENDING, payload],
        )
