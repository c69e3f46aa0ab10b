"""What operators watch of the eligibility machinery: the outbox's backlog and the last reconciliation."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.utils import timezone

from .models import BodyRecomputeRequest, RecomputeRequest, ReconciliationRun


@dataclass(frozen=True)
class OutboxBacklog:
    pending: int
    oldest_seconds: float  # 0 when nothing waits


def outbox_backlog(*, now: datetime | None = None) -> OutboxBacklog:
    """Recompute requests waiting (an agency's, or a body's for all its agencies) and how long the oldest
    has waited. Two small queries (the indexes on ``requested_at`` serve the minimums; the tables hold a
    few rows while workers keep up)."""
    agencies = RecomputeRequest.objects.aggregate(pending=Count("id"), oldest=Min("requested_at"))
    bodies = BodyRecomputeRequest.objects.aggregate(pending=Count("id"), oldest=Min("requested_at"))
    oldest = min((t["oldest"] for t in (agencies, bodies) if t["oldest"]), default=None)
    waited = max(0.0, ((now or timezone.now()) - oldest).total_seconds()) if oldest else 0.0
    return OutboxBacklog(pending=agencies["pending"] + bodies["pending"], oldest_seconds=waited)


def outbox_empty() -> bool:
    """Nothing waits for a recompute: every flag reflects every committed change."""
    return not RecomputeRequest.objects.exists() and not BodyRecomputeRequest.objects.exists()


def last_reconciliation() -> ReconciliationRun | None:
    return ReconciliationRun.objects.order_by("-finished_at", "-id").first()
