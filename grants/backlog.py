"""What operators watch of the eligibility machinery: the outbox's backlog and the last reconciliation."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone

from .models import RecomputeRequest, ReconciliationRun


@dataclass(frozen=True)
class OutboxBacklog:
    pending: int
    oldest_seconds: float  # 0 when nothing waits


def outbox_backlog(*, now: datetime | None = None) -> OutboxBacklog:
    """Agencies waiting for a recompute and how long the oldest has waited. One query (the index on
    ``requested_at`` serves the minimum; the table holds a few rows while workers keep up)."""
    totals = RecomputeRequest.objects.aggregate(pending=Count("id"), oldest=Min("requested_at"))
    oldest = totals["oldest"]
    waited = max(0.0, ((now or timezone.now()) - oldest).total_seconds()) if oldest else 0.0
    return OutboxBacklog(pending=totals["pending"], oldest_seconds=waited)


def last_reconciliation() -> ReconciliationRun | None:
    return ReconciliationRun.objects.order_by("-finished_at", "-id").first()
