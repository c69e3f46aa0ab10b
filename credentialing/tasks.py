from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import expire_due_credentials


@shared_task(
    name="credentialing.expire_credentials",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=8,
    acks_late=True,
)
def expire_credentials() -> int:
    return expire_due_credentials()
