"""Every change of a credential application's state happens here.

Each transition runs in one transaction: lock the application row, check who is acting, the current
state and the data, change the state, write the transition log, and ask for the agency's eligibility
to be recomputed once the transaction commits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.rules import is_agency_staff, is_staff_of
from agencies.models import Agency
from common import events
from common.audit import changed, record, snapshot
from common.changes import Write, agencies_changed
from common.errors import InvalidTransition, NotAllowed, NotFound, RuleViolation
from common.humanize import human_date

from .. import workflow
from ..dates import LOOK_BACK_MONTHS, add_months, earliest_determination, today
from ..models import (
    REQUIRED_EVIDENCE,
    CertificationStatus,
    CredentialApplication,
    CredentialingBody,
    EvidenceDocument,
    Finding,
    FindingOutcome,
    Standard,
    StandardKind,
    TransitionLog,
)
from ..permissions import can_view_application
from ..states import ApplicationStatus

_ROLE_NAMES: dict[str, str] = {
    Role.AGENCY_STAFF: "the applicant agency's staff",
    Role.CERTIFIER: "a certifier of the credentialing body",
}


def lock_application(application_id: int) -> CredentialApplication:
    """The application row, locked until the surrounding transaction ends.

    FOR NO KEY UPDATE (no change of an application alters its key), and of this row only: a running
    recompute's writes check their foreign keys to the application and the agency FOR KEY SHARE, which
    FOR UPDATE would block while this change may be waiting for that recompute (see grants.outbox)."""
    try:
        return (
            CredentialApplication.objects.select_for_update(no_key=True, of=("self",))
            .select_related("agency", "body")
            .get(pk=application_id)
        )
    except CredentialApplication.DoesNotExist:
        raise NotFound(f"Application {application_id} does not exist.") from None


def check_visible(application: CredentialApplication, actor: User) -> None:
    if not can_view_application(actor, application):
        # Out of scope looks exactly like missing: nothing leaks about other agencies' applications.
        raise NotFound(f"Application {application.pk} does not exist.")


def _check_actor(action: workflow.Action, application: CredentialApplication, actor: User) -> None:
    check_visible(application, actor)
    if action.role is not None and actor.role != action.role:
        raise NotAllowed(f"Only {_ROLE_NAMES.get(action.role, action.role)} can {action.label.lower()}.")


def _check_state(action: workflow.Action, application: CredentialApplication) -> None:
    if application.status not in action.sources:
        allowed = ", ".join(sorted(str(ApplicationStatus(s).label).lower() for s in action.sources))
        raise InvalidTransition(
            f"Cannot {action.label.lower()} application {application.pk}: it is "
            f"{application.get_status_display().lower()}; this is only possible when it is {allowed}."
        )


def _require_reason(action: workflow.Action, note: str) -> str:
    note = (note or "").strip()
    if action.needs_reason and not note:
        raise RuleViolation(f"A reason is required to {action.label.lower()}.", field="note")
    return note


def check_body_accepts(body: CredentialingBody, agency: Agency) -> None:
    """An agency applies only to a currently certified body serving its state and its type."""
    if body.certification_status != CertificationStatus.CERTIFIED:
        raise RuleViolation(
            f"{body.name} is not currently certified by the Attorney General "
            f"(its certification is {body.get_certification_status_display().lower()}).",
            field="body",
        )
    if not body.serves_state(agency.state):
        raise RuleViolation(
            f"{body.name} does not credential agencies in {agency.get_state_display()}.", field="body"
        )
    if not body.serves_agency_type(agency.agency_type):
        raise RuleViolation(
            f"{body.name} does not credential {agency.get_agency_type_display().lower()} agencies.",
            field="body",
        )


def _stored_values(application: CredentialApplication) -> dict[str, object]:
    return {f.attname: getattr(application, f.attname) for f in application._meta.concrete_fields}


def _update_statement(application: CredentialApplication, before: dict[str, object]) -> Write:
    """The UPDATE of the fields a transition changed (and ``updated_at``), as ``save`` would write them."""
    meta = application._meta
    quote = connection.ops.quote_name
    columns, params = [], []
    for field in meta.concrete_fields:
        changed = getattr(application, field.attname) != before[field.attname]
        if field.primary_key or not (changed or getattr(field, "auto_now", False)):
            continue
        value = field.pre_save(application, add=False)
        columns.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(columns)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    return sql, [*params, application.pk]


def _insert_statement(row: TransitionLog) -> Write:
    """The INSERT of one log row (append-only: never updated, so no id is needed back)."""
    meta = row._meta
    quote = connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    return sql, values


def _transition(
    application_id: int,
    action: workflow.Action,
    actor: User | None,
    *,
    note: str = "",
    check: Callable[[CredentialApplication], None] | None = None,
    apply: Callable[[CredentialApplication], None] | None = None,
) -> CredentialApplication:
    with transaction.atomic():
        application = lock_application(application_id)
        if actor is not None:
            _check_actor(action, application, actor)
        _check_state(action, application)
        note = _require_reason(action, note)
        if check is not None:
            check(application)
        previous = application.status
        before = _stored_values(application)
        now = timezone.now()
        application.status = action.target
        application.status_changed_at = now
        if apply is not None:
            apply(application)
        # The row's update, its log row and the outbox row go to the database as one statement.
        log = TransitionLog(
            application=application,
            actor=actor,
            action=action.name,
            from_status=previous,
            to_status=action.target,
            note=note,
            at=now,
        )
        agencies_changed(
            agency_ids=[application.agency_id],
            writes=[_update_statement(application, before), _insert_statement(log)],
        )
        events.announce(
            events.APPLICATION_TRANSITION,
            application=application,
            action=action.name,
            previous=previous,
            note=note,
            actor=actor,
        )
    return application


# --- agency staff ------------------------------------------------------------------------------


def create_application(
    *,
    agency: Agency,
    body: CredentialingBody,
    actor: User,
    attests_legal_compliance: bool = False,
    attests_chokehold_prohibition: bool = False,
    notes: str = "",
) -> CredentialApplication:
    if not is_staff_of(actor, agency):
        raise NotAllowed("Only staff of the agency can start its credential application.")
    check_body_accepts(body, agency)
    try:
        with transaction.atomic():
            application = CredentialApplication.objects.create(
                agency=agency,
                body=body,
                created_by=actor,
                attests_legal_compliance=attests_legal_compliance,
                attests_chokehold_prohibition=attests_chokehold_prohibition,
                notes=notes,
            )
            TransitionLog.objects.create(
                application=application,
                actor=actor,
                action="create",
                from_status=ApplicationStatus.DRAFT,
                to_status=ApplicationStatus.DRAFT,
                note="Draft created.",
            )
            agencies_changed(agency_ids=[agency.pk])
    except IntegrityError:
        raise RuleViolation(
            f"{agency.name} already has an open application with {body.name}: continue that one.",
            field="body",
        ) from None
    return application


# What agency staff edit on a draft (or a returned application), and how the timeline names each.
_EDITABLE = {
    "body": "credentialing body",
    "attests_legal_compliance": "attestation that use-of-force policies adhere to all applicable laws",
    "attests_chokehold_prohibition": "attestation that chokeholds are prohibited",
    "notes": "notes",
}


def _edit_note(application: CredentialApplication, was: dict, now: dict) -> str:
    """The timeline's words for an edit: what changed, the notes' text left to the audit trail."""
    parts = []
    for name in _EDITABLE:
        if name not in now:
            continue
        label = _EDITABLE[name]
        if name == "body":
            parts.append(f"{label} changed to {application.body.name}")
        elif name.startswith("attests_"):
            parts.append(f"{label} {'given' if now[name] else 'withdrawn'}")
        else:
            parts.append(f"{label} changed")
    return "Edited: " + "; ".join(parts) + "."


def update_application(
    *,
    application: CredentialApplication,
    actor: User,
    body: CredentialingBody | None = None,
    attests_legal_compliance: bool | None = None,
    attests_chokehold_prohibition: bool | None = None,
    notes: str | None = None,
) -> CredentialApplication:
    """Edit a draft, or a returned application while answering the body's questions."""
    try:
        with transaction.atomic():
            locked = lock_application(application.pk)
            check_visible(locked, actor)
            if not is_agency_staff(actor):
                raise NotAllowed("Only the applicant agency's staff can edit an application.")
            before = snapshot(locked, _EDITABLE)
            if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
                raise InvalidTransition(
                    f"Application {locked.pk} is {locked.get_status_display().lower()}: only a draft or a "
                    "returned application can be edited."
                )
            if body is not None and body.pk != locked.body_id:
                if locked.status != ApplicationStatus.DRAFT:
                    raise InvalidTransition(
                        "The credentialing body can only be changed while the application is a draft."
                    )
                check_body_accepts(body, locked.agency)
                locked.body = body
            if attests_legal_compliance is not None:
                locked.attests_legal_compliance = attests_legal_compliance
            if attests_chokehold_prohibition is not None:
                locked.attests_chokehold_prohibition = attests_chokehold_prohibition
            if notes is not None:
                locked.notes = notes
            was, now = changed(before, snapshot(locked, _EDITABLE))
            if not now:
                return locked  # nothing changed: nothing to write, nothing on the record
            locked.save()
            record(actor=actor, action="application.edited", obj=locked, before=was, after=now)
            TransitionLog.objects.create(
                application=locked,
                actor=actor,
                action="edit",
                from_status=locked.status,
                to_status=locked.status,
                note=_edit_note(locked, was, now),
            )
    except IntegrityError:
        raise RuleViolation(
            "The agency already has an open application with that body.", field="body"
        ) from None
    return locked


@dataclass(frozen=True)
class ChecklistItem:
    """One thing submitting needs, whether it is there, and the step of the guided form that adds it."""

    label: str
    done: bool
    step: str


def submission_checklist(application: CredentialApplication) -> list[ChecklistItem]:
    """What submitting needs, in the order the guided form asks for it: the page's checklist and the
    submit rule read this one list."""
    present = set(
        EvidenceDocument.objects.filter(application=application, kind__in=REQUIRED_EVIDENCE).values_list(
            "kind", flat=True
        )
    )
    items = [
        ChecklistItem(f"The {kind.label.lower()}", kind in present, "evidence") for kind in REQUIRED_EVIDENCE
    ]
    items.append(
        ChecklistItem(
            "The attestation that use-of-force policies adhere to all applicable laws",
            application.attests_legal_compliance,
            "attestations",
        )
    )
    items.append(
        ChecklistItem(
            "The attestation that use-of-force policies prohibit chokeholds",
            application.attests_chokehold_prohibition,
            "attestations",
        )
    )
    return items


def _check_ready_to_submit(application: CredentialApplication) -> None:
    check_body_accepts(application.body, application.agency)
    missing = [
        item.label[0].lower() + item.label[1:] for item in submission_checklist(application) if not item.done
    ]
    if missing:
        raise RuleViolation("Before submitting, add " + "; ".join(missing) + ".")


def _mark_submitted(application: CredentialApplication) -> None:
    if application.submitted_at is None:
        application.submitted_at = application.status_changed_at


def submit_application(
    *, application: CredentialApplication, actor: User, note: str = ""
) -> CredentialApplication:
    return _transition(
        application.pk, workflow.SUBMIT, actor, note=note, check=_check_ready_to_submit, apply=_mark_submitted
    )


def withdraw_application(
    *, application: CredentialApplication, actor: User, note: str = ""
) -> CredentialApplication:
    return _transition(application.pk, workflow.WITHDRAW, actor, note=note)


def delete_draft(*, application: CredentialApplication, actor: User, note: str = "") -> CredentialApplication:
    """Delete a draft that was never submitted: it leaves every list, its evidence rows go with it and
    their files are removed once the transaction commits; the audit trail keeps what was deleted."""

    def discard(locked: CredentialApplication) -> None:
        documents = list(EvidenceDocument.objects.filter(application=locked))
        stored = [d.file.name for d in documents if d.file.name]
        record(
            actor=actor,
            action="application.draft_deleted",
            obj=locked,
            object_label=f"{locked.reference} of {locked.agency.name} to {locked.body.name}",
            before={
                "status": ApplicationStatus.DRAFT,
                "body": locked.body_id,
                "attests_legal_compliance": locked.attests_legal_compliance,
                "attests_chokehold_prohibition": locked.attests_chokehold_prohibition,
                "notes": locked.notes,
                "documents": [
                    {"kind": d.kind, "name": d.original_name, "sha256": d.sha256} for d in documents
                ],
            },
            after={"status": ApplicationStatus.DELETED},
            reason=note,
        )
        EvidenceDocument.objects.filter(application=locked).delete()
        storage = EvidenceDocument._meta.get_field("file").storage

        def remove_files() -> None:
            for name in stored:
                storage.delete(name)

        transaction.on_commit(remove_files)

    return _transition(application.pk, workflow.DELETE_DRAFT, actor, note=note, apply=discard)


# --- certifiers --------------------------------------------------------------------------------


def start_review(*, application: CredentialApplication, actor: User, note: str = "") -> CredentialApplication:
    return _transition(application.pk, workflow.START_REVIEW, actor, note=note)


def return_application(
    *, application: CredentialApplication, actor: User, note: str
) -> CredentialApplication:
    def record(app: CredentialApplication) -> None:
        app.decision_note = note.strip()

    return _transition(application.pk, workflow.RETURN, actor, note=note, apply=record)


def deny_application(*, application: CredentialApplication, actor: User, note: str) -> CredentialApplication:
    def record(app: CredentialApplication) -> None:
        app.decision_note = note.strip()

    return _transition(application.pk, workflow.DENY, actor, note=note, apply=record)


def lock_awarding_body(body_id: int) -> CredentialingBody:
    """The body, locked so that a concurrent change of its AG certification is seen, not raced; refused
    unless it is certified now. Approving one application and committing a body's list both start here."""
    body = CredentialingBody.objects.select_for_update().get(pk=body_id)
    if body.certification_status != CertificationStatus.CERTIFIED:
        raise RuleViolation(
            f"{body.name}'s AG certification is {body.get_certification_status_display().lower()}: "
            "it cannot award credentials now."
        )
    return body


def credential_dates(
    body: CredentialingBody, determination_date: date | None, *, current: date | None = None
) -> tuple[date, date]:
    """The determination date (today, or an earlier one within the look-back) and the expiry it gives."""
    current = current or today()
    determined = determination_date or current
    if determined > current:
        raise RuleViolation("The determination date cannot be in the future.", field="determination_date")
    earliest = earliest_determination(current, body.credential_term_months)
    if determined < earliest:
        raise RuleViolation(
            f"An earlier determination counts only within the past {LOOK_BACK_MONTHS} months, while its "
            f"credential still runs (on or after {human_date(earliest)}).",
            field="determination_date",
        )
    expires_on = add_months(determined, body.credential_term_months)
    return determined, expires_on


def missing_mandatory_findings(application: CredentialApplication) -> list[Standard]:
    met = set(
        Finding.objects.filter(application=application, outcome=FindingOutcome.MET).values_list(
            "standard_id", flat=True
        )
    )
    return [s for s in Standard.objects.filter(kind=StandardKind.MANDATORY) if s.pk not in met]


def approve_application(
    *,
    application: CredentialApplication,
    actor: User,
    determination_date: date | None = None,
    note: str = "",
) -> CredentialApplication:
    dates: dict[str, date] = {}

    def check(app: CredentialApplication) -> None:
        body = lock_awarding_body(app.body_id)
        missing = missing_mandatory_findings(app)
        if missing:
            raise RuleViolation(
                "Both minimum standards must be found met before approving; not yet met: "
                + "; ".join(s.title for s in missing)
                + "."
            )
        dates["determined"], dates["expires"] = credential_dates(body, determination_date)

    def apply(app: CredentialApplication) -> None:
        app.determination_date = dates["determined"]
        app.expires_on = dates["expires"]
        app.decision_note = ""

    if not note and determination_date and determination_date < today():
        note = f"Based on this body's earlier determination of {human_date(determination_date)}."
    return _transition(application.pk, workflow.APPROVE, actor, note=note, check=check, apply=apply)


def revoke_credential(*, application: CredentialApplication, actor: User, note: str) -> CredentialApplication:
    def record(app: CredentialApplication) -> None:
        app.decision_note = note.strip()

    return _transition(application.pk, workflow.REVOKE, actor, note=note, apply=record)


# --- the system --------------------------------------------------------------------------------


def expire_due_credentials(*, on: date | None = None) -> int:
    """Move every approved credential whose term has run out to expired; returns how many."""
    day = on or today()
    now = timezone.now()
    with transaction.atomic():
        due = list(
            CredentialApplication.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(status=ApplicationStatus.APPROVED, expires_on__lte=day)
            .values_list("id", "agency_id")
        )
        if not due:
            return 0
        ids = [app_id for app_id, _ in due]
        CredentialApplication.objects.filter(id__in=ids).update(
            status=ApplicationStatus.EXPIRED, status_changed_at=now
        )
        TransitionLog.objects.bulk_create(
            [
                TransitionLog(
                    application_id=app_id,
                    actor=None,
                    action=workflow.EXPIRE.name,
                    from_status=ApplicationStatus.APPROVED,
                    to_status=ApplicationStatus.EXPIRED,
                    note="Credential term ended.",
                    at=now,
                )
                for app_id in ids
            ],
            batch_size=5000,
        )
        agencies_changed(agency_ids=[agency_id for _, agency_id in due])
        events.announce(events.CREDENTIALS_EXPIRED, application_ids=ids)
    return len(due)
