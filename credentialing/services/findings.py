"""A certifier's findings, one per standard the body reviews, revised but never overwritten.

``Finding`` is the current version, what approval and every reader look at; each version, the first
included, is also appended to ``FindingRevision`` (which PostgreSQL refuses to change or delete) and to
the audit trail.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_certifier
from common.audit import record
from common.errors import DomainError, InvalidTransition, NotAllowed, RuleViolation

from ..models import (
    CredentialApplication,
    Finding,
    FindingOutcome,
    FindingRevision,
    Standard,
    StandardKind,
)
from ..states import ApplicationStatus
from .applications import check_visible, lock_application


def standards_reviewed_by(body_id: int) -> list[Standard]:
    """The two mandatory minimums, always, and the discretionary principles in force the body chose."""
    return list(
        Standard.objects.filter(
            Q(kind=StandardKind.MANDATORY)
            | Q(kind=StandardKind.DISCRETIONARY, reviewing_bodies=body_id, retired_at__isnull=True)
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
        note = (note or "").strip()
        current = Finding.objects.select_for_update().filter(application=locked, standard=standard).first()
        if current is not None and (current.outcome, current.note) == (outcome, note):
            return current  # the same finding again: nothing to revise
        before = {} if current is None else {"outcome": current.outcome, "note": current.note}
        finding = current or Finding(application=locked, standard=standard)
        finding.outcome, finding.note = outcome, note
        finding.recorded_by, finding.recorded_at = actor, timezone.now()
        finding.save()
        number = finding.revisions.count() + 1
        FindingRevision.objects.create(
            finding=finding,
            number=number,
            outcome=outcome,
            note=note,
            recorded_by=actor,
            recorded_at=finding.recorded_at,
        )
        record(
            actor=actor,
            action="finding.recorded" if current is None else "finding.revised",
            obj=finding,
            object_label=f"{locked.reference}: {standard.title} (revision {number})",
            before=before,
            after={"outcome": outcome, "note": note},
        )
    return finding


def record_findings(
    *, application: CredentialApplication, actor: User, findings: Sequence[tuple[Standard, str, str]]
) -> list[Finding]:
    """Every (standard, outcome, note) of one review form, all recorded or, if one is refused, none.

    A refusal names its standard in the message and carries the standard's code as its field, so the
    form can show it next to the row that caused it.
    """
    recorded = []
    with transaction.atomic():
        for standard, outcome, note in findings:
            try:
                recorded.append(
                    record_finding(
                        application=application, actor=actor, standard=standard, outcome=outcome, note=note
                    )
                )
            except DomainError as error:
                raise type(error)(f"{standard.title}: {error.message}", field=standard.code) from error
    return recorded
