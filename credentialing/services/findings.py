"""A certifier's findings, one per standard the body reviews."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_certifier
from common.errors import InvalidTransition, NotAllowed, RuleViolation

from ..models import CredentialApplication, Finding, FindingOutcome, Standard, StandardKind
from ..states import ApplicationStatus
from .applications import check_visible, lock_application


def standards_reviewed_by(body_id: int) -> list[Standard]:
    """The two mandatory minimums, always, and the discretionary principles the body chose."""
    return list(
        Standard.objects.filter(
            Q(kind=StandardKind.MANDATORY) | Q(kind=StandardKind.DISCRETIONARY, reviewing_bodies=body_id)
        )
        .distinct()
        .order_by("position", "code")
    )


def record_finding(
    *, application: CredentialApplication, actor: User, standard: Standard, outcome: str, note: str = ""
) -> Finding:
    if outcome not in FindingOutcome.values:
        raise RuleViolation("A finding is either met or not met.", field="outcome")
    with transaction.atomic():
        locked = lock_application(application.pk)
        check_visible(locked, actor)
        if not is_certifier(actor):
            raise NotAllowed("Only a certifier of the credentialing body can record findings.")
        if locked.status != ApplicationStatus.UNDER_REVIEW:
            raise InvalidTransition(
                f"Findings are recorded while an application is under review; application {locked.pk} is "
                f"{locked.get_status_display().lower()}."
            )
        if standard.pk not in {s.pk for s in standards_reviewed_by(locked.body_id)}:
            raise RuleViolation(f"{locked.body.name} does not review “{standard.title}”.", field="standard")
        finding, _ = Finding.objects.update_or_create(
            application=locked,
            standard=standard,
            defaults={
                "outcome": outcome,
                "note": (note or "").strip(),
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
    return finding
