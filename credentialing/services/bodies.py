"""The Attorney General's certification of credentialing bodies (EO 13929 Sec. 2(b))."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_doj_administrator
from common import events
from common.changes import body_certification_changed
from common.errors import InvalidTransition, NotAllowed, RuleViolation

from .. import workflow
from ..dates import today
from ..models import BodyCertificationEvent, CertificationStatus, CredentialingBody

C = CertificationStatus


def _change_certification(
    *, body: CredentialingBody, actor: User, action: workflow.CertificationAction, note: str
) -> CredentialingBody:
    if not is_doj_administrator(actor):
        raise NotAllowed("Only a DOJ credentialing administrator can change a body's AG certification.")
    note = (note or "").strip()
    if action.needs_note and not note:
        raise RuleViolation(f"A note is required to {action.label.lower()}.", field="note")
    with transaction.atomic():
        locked = CredentialingBody.objects.select_for_update().get(pk=body.pk)
        if action is workflow.CERTIFY and locked.certification_status == C.SUSPENDED:
            raise InvalidTransition(
                f"{locked.name}'s certification is suspended: reinstate it (with a note) instead."
            )
        if locked.certification_status not in action.sources:
            raise InvalidTransition(
                f"{locked.name}'s certification is {locked.get_certification_status_display().lower()}: "
                f"it cannot be {action.target} from there."
            )
        previous = locked.certification_status
        now = timezone.now()
        locked.certification_status = action.target
        locked.certification_changed_at = now
        if action.target == C.CERTIFIED:
            locked.certified_on = today()
        locked.save(update_fields=["certification_status", "certification_changed_at", "certified_on"])
        BodyCertificationEvent.objects.create(
            body=locked, actor=actor, from_status=previous, to_status=action.target, note=note, at=now
        )
        # Every agency with an application to this body may see its flag change, and its staff are told:
        # both select the body's dependants in the database (set-wise), never as a list in Python.
        body_certification_changed(body_id=locked.pk)
        events.announce(events.BODY_CERTIFICATION_CHANGED, body=locked, previous=previous, note=note)
    return locked


def certify_body(*, body: CredentialingBody, actor: User, note: str = "") -> CredentialingBody:
    return _change_certification(body=body, actor=actor, action=workflow.CERTIFY, note=note)


def reinstate_body(*, body: CredentialingBody, actor: User, note: str) -> CredentialingBody:
    """Certify a suspended body again: its agencies' applications count once more."""
    return _change_certification(body=body, actor=actor, action=workflow.REINSTATE, note=note)


def suspend_body(*, body: CredentialingBody, actor: User, note: str) -> CredentialingBody:
    return _change_certification(body=body, actor=actor, action=workflow.SUSPEND, note=note)


def revoke_body_certification(*, body: CredentialingBody, actor: User, note: str) -> CredentialingBody:
    return _change_certification(body=body, actor=actor, action=workflow.REVOKE_CERTIFICATION, note=note)
