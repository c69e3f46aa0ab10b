"""Writing notifications inside the transaction of the change they tell about, and sending them after.

The ``Notification`` rows are the outbox: they commit with the change or not at all. Once committed,
the sender is enqueued; if the broker is down that enqueue fails, the rows stay pending, and the
periodic run of the same sender picks them up. ``(recipient, key)`` is unique, so writing the same event
twice adds nothing.
"""

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from common import gathering
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


# Every commit that writes notices asks for the sender: a hundred returns a second were a hundred sender
# tasks, each paying for its task and for a last look that found nothing left, to send one e-mail. With a
# shared cache the commits of a burst share runs, spaced by NOTIFICATION_SEND_GATHER_SECONDS
# (common.gathering).
SENDER = "notifications-sender"


def _enqueue_sender() -> None:
    from .tasks import send_notifications

    if current_app.conf.task_always_eager:
        send_notifications.delay()
        return
    try:
        if not gathering.enqueue_once(
            SENDER,
            spacing=settings.NOTIFICATION_SEND_GATHER_SECONDS,
            enqueue=lambda countdown: send_notifications.apply_async(countdown=countdown),
        ):
            send_notifications.delay()
    except Exception:
        # The rows are committed: the periodic sender will find them.
        logger.exception("could not enqueue the notification sender; its periodic run will send")


def sender_started() -> None:
    """The sender starts: commits from now on ask for another (it may not see their rows)."""
    gathering.run_started(SENDER, spacing=settings.NOTIFICATION_SEND_GATHER_SECONDS)


def write(items: Iterable[tuple[int, str, Message]]) -> int:
    """One notification per (recipient id, event key); returns how many rows it offered to write."""
    rows = [(recipient_id, *_fixed(key, message)) for recipient_id, key, message in items]
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


def write_to_staff(*, agencies: QuerySet, key: str, message: Message) -> None:
    """One message to the active staff of every agency ``agencies`` selects (a query of agency ids): on
    PostgreSQL one INSERT .. SELECT, so a national body's tens of thousands of agencies never travel
    through Python."""
    staff = User.objects.filter(role=Role.AGENCY_STAFF, is_active=True, agency_id__in=agencies).values_list(
        "pk", flat=True
    )
    if connection.vendor != "postgresql":
        write((person, key, message) for person in staff.order_by("pk"))
        return
    sql, params = staff.order_by().query.sql_with_params()
    table = Notification._meta.db_table
    columns = ", ".join(_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, created_at, delivery, attempts, last_error, emailed_to) "  # noqa: S608
            f"SELECT person.id, {', '.join(['%s'] * 11)}, 0, '', '' FROM ({sql}) person(id) "
            "ORDER BY person.id ON CONFLICT (recipient_id, key) DO NOTHING",
            [*_fixed(key, message), timezone.now(), Delivery.PENDING, *params],
        )
    transaction.on_commit(_enqueue_sender)


def _fixed(key: str, message: Message) -> list[str]:
    """The values of ``_COLUMNS`` after the recipient, truncated as ``write`` truncates them."""
    return [
        message.kind,
        key[:200],
        message.subject[:200],
        message.what_happened,
        message.why,
        message.next_step,
        message.link_path,
        message.link_label[:100],
        (current_request_id() or "")[:128],
    ]


# Stand-ins for the agency's name and the flag's reason in a message written once for every agency (no
# name or reason holds a control character).
NAME = "\x01name\x01"
REASON = "\x01reason\x01"


def write_per_agency(
    *, changes: list[tuple[int, bool, str]], template: Callable[[bool], Message], key: str
) -> None:
    """A message per (agency id, eligible, reason) to the agency's active staff, in one statement:
    ``template(eligible)`` writes the message with ``NAME`` and ``REASON`` where the agency's name and the
    reason go, and ``key`` with ``{agency}`` and ``{eligible}`` (PostgreSQL only)."""
    if not changes:
        return
    table = Notification._meta.db_table
    columns = ", ".join(_COLUMNS)
    # The name and the reason go in every text; the subject and the label are cut as ``write`` cuts them.
    limits = {"subject": 200, "link_label": 100}
    filled = ", ".join(
        f"left({text}, {limits[name]})" if name in limits else text
        for name in ("subject", "what_happened", "why", "next_step", "link_path", "link_label")
        for text in [f"replace(replace(m.{name}, %(name)s, g.name), %(reason)s, f.reason)"]
    )
    templates = {eligible: template(eligible) for eligible in (True, False)}
    values: dict[str, Any] = {
        "agencies": [agency_id for agency_id, _, _ in changes],
        "flags": [eligible for _, eligible, _ in changes],
        "reasons": [reason for _, _, reason in changes],
        "name": NAME,
        "reason": REASON,
        "staff": Role.AGENCY_STAFF,
        "now": timezone.now(),
        "pending": Delivery.PENDING,
        "request": (current_request_id() or "")[:128],
        "key": key,
    }
    fields = ("kind", "subject", "what_happened", "why", "next_step", "link_path", "link_label")
    rows = []
    for eligible, message in templates.items():
        prefix = "yes" if eligible else "no"
        values[f"{prefix}_flag"] = eligible
        values |= {f"{prefix}_{field}": getattr(message, field) for field in fields}
        rows.append(f"(%({prefix}_flag)s, {', '.join(f'%({prefix}_{field})s' for field in fields)})")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, created_at, delivery, attempts, last_error, emailed_to) "  # noqa: S608
            f"SELECT u.id, m.kind, left(replace(replace(%(key)s, '{{agency}}', f.agency_id::text), "
            "'{eligible}', CASE WHEN f.eligible THEN 'True' ELSE 'False' END), 200), "
            f"{filled}, %(request)s, %(now)s, %(pending)s, 0, '', '' "
            "FROM unnest(%(agencies)s::bigint[], %(flags)s::boolean[], %(reasons)s::text[]) "
            "AS f(agency_id, eligible, reason) "
            "JOIN agencies_agency g ON g.id = f.agency_id "
            "JOIN accounts_user u ON u.agency_id = f.agency_id AND u.role = %(staff)s AND u.is_active "
            f"JOIN (VALUES {', '.join(rows)}) AS m(eligible, kind, subject, what_happened, why, next_step, "
            "link_path, link_label) ON m.eligible = f.eligible "
            "ORDER BY u.id ON CONFLICT (recipient_id, key) DO NOTHING",
            values,
        )
    transaction.on_commit(_enqueue_sender)
