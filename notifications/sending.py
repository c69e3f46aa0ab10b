"""Sending the pending notifications by e-mail, each exactly once.

A sender claims one row at a time with ``SELECT ... FOR UPDATE SKIP LOCKED`` and keeps the lock while it
talks to the mail server, then marks the row sent in the same transaction. A second sender (a retry, the
periodic run, another worker) skips the locked row and finds it sent afterwards, so no two send it.
A mail server that is down or answers 4xx leaves the row pending with its next attempt pushed back; an
address refused with 5xx is recorded as a bounce and nothing more goes to it.
"""

import contextlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from common.request_context import bound_request_id, current_request_id

from .kinds import is_optional
from .models import Bounce, Delivery, Notification, OptOut
from .signing import unsubscribe_token

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt: doubling from the base, capped."""
    base = settings.NOTIFICATION_RETRY_SECONDS
    return float(min(settings.NOTIFICATION_RETRY_MAX_SECONDS, base * 2 ** max(0, attempts - 1)))


def build_email(notification: Notification) -> EmailMultiAlternatives:
    person = notification.recipient
    context = {
        "notification": notification,
        "person": person,
        "link": absolute(notification.link_path) if notification.link_path else "",
        "inbox": absolute(reverse("notification_list")),
        "preferences": absolute(reverse("notification_preferences")),
        "unsubscribe": "",
        "optional": is_optional(notification.kind),
    }
    headers = {"Auto-Submitted": "auto-generated", "X-Tracker-Notification": notification.key}
    if notification.request_id:
        # Ties a message in a mailbox to the change that caused it, in the tracker's logs.
        headers["X-Request-ID"] = notification.request_id
    if context["optional"]:
        context["unsubscribe"] = absolute(
            reverse("notification_unsubscribe", args=[unsubscribe_token(person.pk, notification.kind)])
        )
        # RFC 8058 one-click: mail clients POST to the link without a sign-in.
        headers["List-Unsubscribe"] = f"<{context['unsubscribe']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=render_to_string("notifications/email.txt", context),
        to=[person.email],
        headers=headers,
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return message


@dataclass
class SendReport:
    sent: int = 0
    skipped: int = 0
    bounced: int = 0
    failed: int = 0
    retry_in: float | None = None
    errors: list[str] = field(default_factory=list)


def _claim_next() -> Notification | None:
    now = timezone.now()
    return (
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(delivery=Delivery.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .first()
    )


def _not_to_send(notification: Notification) -> str | None:
    person = notification.recipient
    if not person.email or not person.is_active:
        return Delivery.NO_ADDRESS
    if Bounce.objects.filter(user=person, address__iexact=person.email).exists():
        return Delivery.BOUNCED
    if is_optional(notification.kind) and OptOut.objects.filter(user=person, kind=notification.kind).exists():
        return Delivery.OPTED_OUT
    return None


def _permanent_refusal(error: smtplib.SMTPRecipientsRefused) -> tuple[int, str] | None:
    codes = [(code, reply) for code, reply in error.recipients.values()]
    if codes and all(code >= 500 for code, _ in codes):
        code, reply = codes[0]
        return code, reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    return None


def _send_one(connection, report: SendReport) -> bool:
    """Claim, send and mark one notification; False when there is nothing (more) to send now."""
    with transaction.atomic():
        notification = _claim_next()
        if notification is None:
            return False
        # The send's log lines carry the id of the change that caused the notification.
        with bound_request_id(notification.request_id or current_request_id()):
            return _deliver(notification, connection, report)


def _deliver(notification: Notification, connection, report: SendReport) -> bool:
    """Send one claimed notification inside its claim's transaction; False when the server is unwell."""
    now = timezone.now()
    skip = _not_to_send(notification)
    if skip is not None:
        notification.delivery = skip
        notification.save(update_fields=["delivery"])
        report.skipped += 1
        return True
    person = notification.recipient
    try:
        sent = build_email(notification)
        sent.connection = connection
        sent.send()
    except smtplib.SMTPRecipientsRefused as error:
        refusal = _permanent_refusal(error)
        if refusal is None:
            return _postpone(notification, error, report)
        code, reply = refusal
        Bounce.objects.get_or_create(
            user=person, address=person.email, defaults={"code": code, "response": reply[:500]}
        )
        notification.delivery = Delivery.BOUNCED
        notification.last_error = f"{code} {reply}"[:500]
        notification.attempts += 1
        notification.save(update_fields=["delivery", "last_error", "attempts"])
        report.bounced += 1
        return True
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            notification.delivery = Delivery.FAILED
            notification.last_error = f"{error.smtp_code} {error.smtp_error!r}"[:500]
            notification.attempts += 1
            notification.save(update_fields=["delivery", "last_error", "attempts"])
            report.failed += 1
            return True
        return _postpone(notification, error, report)
    except (smtplib.SMTPException, OSError) as error:
        return _postpone(notification, error, report)
    notification.delivery = Delivery.SENT
    notification.emailed_at = now
    notification.emailed_to = person.email
    notification.attempts += 1
    notification.last_error = ""
    notification.save(update_fields=["delivery", "emailed_at", "emailed_to", "attempts", "last_error"])
    report.sent += 1
    logger.info(
        "notification e-mail sent",
        extra={
            "notification_id": notification.pk,
            "kind": notification.kind,
            "attempts": notification.attempts,
        },
    )
    return True


def _postpone(notification: Notification, error: Exception, report: SendReport) -> bool:
    notification.attempts += 1
    delay = retry_delay(notification.attempts)
    notification.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    notification.last_error = f"{type(error).__name__}: {error}"[:500]
    notification.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    report.retry_in = delay
    report.errors.append(notification.last_error)
    # The error's class only: a refusal's text may quote the recipient's address.
    logger.warning(
        "notification %s not sent, next attempt in %.0fs: %s", notification.pk, delay, type(error).__name__
    )
    return False  # the mail server is unwell: stop here, the others wait with it


def send_pending(*, limit: int | None = None) -> SendReport:
    """Send what is due, one claimed row at a time, over one connection. Safe to run any number of
    times, in any number of workers at once."""
    report = SendReport()
    connection = get_connection(fail_silently=False)
    try:
        while limit is None or report.sent + report.skipped + report.bounced + report.failed < limit:
            if not _send_one(connection, report):
                break
    finally:
        # Closing a connection the server already dropped may fail too; there is nothing left to do.
        with contextlib.suppress(Exception):
            connection.close()
    if report.retry_in is None and Notification.objects.filter(delivery=Delivery.PENDING).exists():
        # Rows whose next attempt is later: come back when the first of them is due.
        first = (
            Notification.objects.filter(delivery=Delivery.PENDING, next_attempt_at__isnull=False)
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        if first is not None:
            report.retry_in = max(0.5, (first - timezone.now()).total_seconds())
    return report
