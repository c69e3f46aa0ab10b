"""The certifier's workbench: who of the body works on an application, and the body's internal notes.

Both belong to the body alone. Anyone else (another body's certifier, the agency, DOJ) is told the
application does not exist, as for any application outside their scope.
"""

from django.db import transaction

from accounts.models import Role, User
from common.audit import record
from common.errors import NotFound, RuleViolation

from ..models import CredentialApplication, InternalNote
from ..permissions import can_work_on_application
from .applications import lock_application

NOTE_MAX_LENGTH = 5000


def _check_workbench(application: CredentialApplication, actor: User) -> None:
    if not can_work_on_application(actor, application):
        raise NotFound(f"Application {application.pk} does not exist.")


def colleagues(actor: User) -> list[User]:
    """The active certifiers of the actor's body, the actor included: who can be assigned."""
    if actor.role != Role.CERTIFIER or actor.credentialing_body_id is None:
        return []
    return list(
        User.objects.filter(
            role=Role.CERTIFIER, credentialing_body_id=actor.credentialing_body_id, is_active=True
        ).order_by("last_name", "first_name", "username")
    )


def assign_application(
    *, application: CredentialApplication, actor: User, assignee: User | None
) -> CredentialApplication:
    """Assign the application to a certifier of its body (oneself or a colleague), or to nobody."""
    with transaction.atomic():
        locked = lock_application(application.pk)
        _check_workbench(locked, actor)
        if assignee is not None and (
            assignee.role != Role.CERTIFIER
            or assignee.credentialing_body_id != locked.body_id
            or not assignee.is_active
        ):
            raise RuleViolation(
                f"{locked.reference} can be assigned only to an active certifier of {locked.body.name}.",
                field="assignee",
            )
        before = locked.assigned_to_id
        after = assignee.pk if assignee else None
        if before == after:
            return locked
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to", "updated_at"])
        record(
            actor=actor,
            action="application.assigned",
            obj=locked,
            before={"assigned_to": before},
            after={"assigned_to": after},
        )
    return locked


def add_internal_note(*, application: CredentialApplication, actor: User, text: str) -> InternalNote:
    text = (text or "").strip()
    if not text:
        raise RuleViolation("Write the note before adding it.", field="text")
    if len(text) > NOTE_MAX_LENGTH:
        raise RuleViolation(f"A note is at most {NOTE_MAX_LENGTH} characters.", field="text")
    with transaction.atomic():
        locked = lock_application(application.pk)
        _check_workbench(locked, actor)
        note = InternalNote.objects.create(application=locked, author=actor, text=text)
        record(actor=actor, action="application.internal_note_added", obj=locked, after={"note": text})
    return note


def internal_notes(*, application: CredentialApplication, actor: User) -> list[InternalNote]:
    _check_workbench(application, actor)
    return list(InternalNote.objects.filter(application=application).select_related("author"))
