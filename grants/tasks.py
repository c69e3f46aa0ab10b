"""Thin Celery tasks: ids in, fresh rows loaded by the service, safe to run twice."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from . import outbox, services

logger = logging.getLogger(__name__)


def _task(name: str):
    """A task acknowledged only once done, retried with backoff while the database is unreachable."""
    return shared_task(
        name=name,
        autoretry_for=(OperationalError, InterfaceError),
        retry_backoff=True,
        retry_backoff_max=60,
        retry_jitter=True,
        max_retries=8,
        acks_late=True,
    )


@_task("grants.recompute_agency_eligibility")
def recompute_agency_eligibility(agency_id: int, pending: bool = False) -> bool:
    """``pending``: sent for a change's outbox row, which an earlier pass may already have taken (then
    there is nothing to do); without it, the agency is recomputed whatever the outbox holds."""
    if pending:
        return services.recompute_pending(agency_id=agency_id) > 0
    return services.recompute_agency_eligibility(agency_id=agency_id)


@_task("grants.drain_eligibility_outbox")
def drain_eligibility_outbox() -> int:
    """Every agency waiting in the outbox when it starts (grants.outbox: one run for a burst of changes)."""
    outbox.drain_started()
    return services.drain_pending()


@_task("grants.recompute_body_agencies")
def recompute_body_agencies(body_id: int) -> int:
    return services.recompute_body_agencies(body_id=body_id)


@_task("grants.relay_eligibility_outbox")
def relay_eligibility_outbox() -> int:
    return services.relay_outbox(older_than=timezone.now() - settings.ELIGIBILITY_OUTBOX_GRACE)


@_task("grants.reconcile_all_eligibility")
def reconcile_all_eligibility() -> int:
    return services.reconcile_eligibility()
