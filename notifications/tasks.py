"""The sender and the nightly reminders, as Celery tasks."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import outbox, reminders, sending


@shared_task(
    bind=True,
    name="notifications.send",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=None,
    acks_late=True,
)
def send_notifications(self, retry: bool = True) -> int:
    """Send every pending notification; while the mail server is unwell, try again with backoff.

    The periodic run passes ``retry=False``: it comes back on its own schedule, so that a long outage
    does not pile up a chain of retries per minute.
    """
    outbox.sender_started()
    report = sending.send_pending()
    # Inline (eager) runs, in development, leave the rest to the periodic run instead of looping here.
    if retry and report.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=report.retry_in)
    return report.sent


@shared_task(
    name="notifications.expiry_reminders",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=8,
    acks_late=True,
)
def send_expiry_reminders() -> int:
    return reminders.send_expiry_reminders()
