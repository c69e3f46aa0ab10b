"""Approving many agencies at once from a body's list of earlier determinations.

A designated body mostly certified agencies it had already accredited within the look-back. Each listed
agency passes the same rules as one approval (``applications``): the body certified and serving the
agency's state and type, the determination date within the look-back, the expiry from the body's term.
The rules are checked row by row with the very functions one approval uses; the writes are set-wise (a
fixed number of statements whatever the length of the list) and the recompute is one fan-out.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, models
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from common.changes import many_agencies_changed
from common.errors import NotAllowed, RuleViolation
from common.humanize import human_date

from .. import workflow
from ..dates import today
from ..models import (
    CertificationStatus,
    CredentialApplication,
    CredentialingBody,
    EvidenceDocument,
    EvidenceKind,
    Finding,
    FindingOutcome,
    FindingRevision,
    Standard,
    StandardKind,
    TransitionLog,
)
from ..states import OPEN_STATES, ApplicationStatus
from .applications import check_body_accepts, credential_dates, lock_awarding_body


@dataclass(frozen=True)
class Standing:
    """What one agency already has with the body, as far as a new approval is concerned."""

    application_id: int
    status: str
    expires_on: date | None


def standings_with(body_id: int, agency_ids: Iterable[int]) -> dict[int, list[Standing]]:
    """Each agency's open applications and unexpired credentials with the body (one query)."""
    current = today()
    found: dict[int, list[Standing]] = {}
    rows: QuerySet = (
        CredentialApplication.objects.filter(body_id=body_id, agency_id__in=list(agency_ids))
        .filter(status__in=[*OPEN_STATES, ApplicationStatus.APPROVED])
        .order_by()
        .values_list("agency_id", "id", "status", "expires_on")
    )
    for agency_id, app_id, status, expires_on in rows:
        if status == ApplicationStatus.APPROVED and (expires_on is None or expires_on <= current):
            continue  # run out, waiting for the expiry sweep: a new credential may replace it
        found.setdefault(agency_id, []).append(Standing(app_id, status, expires_on))
    return found


class ApprovalRefusal(models.TextChoices):
    """The kinds of reason an earlier determination cannot be approved, for counting them."""

    BODY_NOT_CERTIFIED = "body_not_certified", "Body not certified"
    OUTSIDE_COVERAGE = "outside_coverage", "Outside the body's states or agency types"
    FUTURE_DATE = "future_date", "Determination date in the future"
    OUTSIDE_LOOK_BACK = "outside_look_back", "Determination date outside the look-back"
    ALREADY_CREDENTIALED = "already_credentialed", "Already credentialed by the body"
    OPEN_APPLICATION = "open_application", "Open application with the body"


@dataclass(frozen=True)
class Refusal:
    kind: str  # an ApprovalRefusal
    message: str


def approval_refusal(
    *,
    body: CredentialingBody,
    agency: Agency,
    determination_date: date,
    standings: Sequence[Standing] = (),
    current: date | None = None,
) -> Refusal | None:
    """Why the body cannot approve the agency on its earlier determination; None if it can."""
    current = current or today()
    try:
        check_body_accepts(body, agency)
    except RuleViolation as refusal:
        certified = body.certification_status == CertificationStatus.CERTIFIED
        kind = ApprovalRefusal.OUTSIDE_COVERAGE if certified else ApprovalRefusal.BODY_NOT_CERTIFIED
        return Refusal(kind, refusal.message)
    try:
        credential_dates(body, determination_date, current=current)
    except RuleViolation as refusal:
        late = determination_date > current
        return Refusal(
            ApprovalRefusal.FUTURE_DATE if late else ApprovalRefusal.OUTSIDE_LOOK_BACK, refusal.message
        )
    for standing in standings:
        reference = f"APP-{standing.application_id:06d}"
        if standing.status == ApplicationStatus.APPROVED and standing.expires_on is not None:
            last_day = standing.expires_on - timedelta(days=1)
            return Refusal(
                ApprovalRefusal.ALREADY_CREDENTIALED,
                f"Already credentialed by {body.name} ({reference}, valid through {human_date(last_day)}).",
            )
        label = ApplicationStatus(standing.status).label.lower()
        return Refusal(
            ApprovalRefusal.OPEN_APPLICATION,
            f"Already has an open application with {body.name} ({reference}, {label}): decide it there.",
        )
    return None


@dataclass(frozen=True)
class ListedApproval:
    agency: Agency
    determination_date: date
    reference: str = ""


def approve_listed(
    *,
    body_id: int,
    actor: User,
    approvals: Sequence[ListedApproval],
    list_name: str,
    evidence_file: str,
    evidence_name: str,
    content_type: str,
    size_bytes: int,
    sha256: str,
    now: datetime | None = None,
) -> dict[int, int]:
    """Approve every listed agency; returns the new application id of each agency id. Every new
    application's status changed at ``now`` (by default, this moment).

    Runs inside the caller's transaction (the list's own service holds its row lock). Every approval is
    checked again here, with the body locked: anything refused now refuses the whole call, so the
    caller's preview and these writes cannot disagree.
    """
    if not (actor.is_certifier and actor.credentialing_body_id == body_id):
        raise NotAllowed("Only a certifier of the credentialing body can approve agencies from its list.")
    body = lock_awarding_body(body_id)
    if not approvals:
        return {}
    current = today()
    standings = standings_with(body_id, [a.agency.pk for a in approvals])
    seen: set[int] = set()
    for approval in approvals:
        refusal = approval_refusal(
            body=body,
            agency=approval.agency,
            determination_date=approval.determination_date,
            standings=standings.get(approval.agency.pk, ()),
            current=current,
        )
        message = refusal.message if refusal is not None else None
        if message is None and approval.agency.pk in seen:
            message = "The agency is listed twice."
        if message is not None:
            raise RuleViolation(f"{approval.agency.ori}: {message}")
        seen.add(approval.agency.pk)

    now = now or timezone.now()
    mark = f"From list {list_name}"
    applications = []
    for approval in approvals:
        determined, expires = credential_dates(body, approval.determination_date, current=current)
        reference = f" (body's file {approval.reference})" if approval.reference else ""
        applications.append(
            CredentialApplication(
                agency=approval.agency,
                body=body,
                status=ApplicationStatus.APPROVED,
                attests_legal_compliance=True,
                attests_chokehold_prohibition=True,
                notes=f"{mark}{reference}.",
                created_by=actor,
                submitted_at=now,
                status_changed_at=now,
                determination_date=determined,
                expires_on=expires,
            )
        )
    CredentialApplication.objects.bulk_create(applications, batch_size=5000)

    write_records = _write_records_set_wise if connection.vendor == "postgresql" else _write_records
    write_records(
        applications,
        actor=actor,
        mark=mark,
        evidence=(evidence_file, evidence_name[:200], content_type, size_bytes, sha256),
        now=now,
    )
    many_agencies_changed(body_id=body_id, agency_ids=[app.agency_id for app in applications])
    return {app.agency_id: app.pk for app in applications}


Evidence = tuple[str, str, str, int, str]  # file, original name, content type, size, sha256


def _finding_note(determined: date | None, mark: str) -> str:
    return f"Determined met on {human_date(determined)}; {mark.lower()}."


def _log_note(determined: date | None, mark: str, actor: User) -> str:
    return (
        f"{mark}, uploaded by {actor.username}; based on this body's determination of "
        f"{human_date(determined)}."
    )


def _write_records(
    applications: list[CredentialApplication], *, actor: User, mark: str, evidence: Evidence, now: datetime
) -> None:
    """Each new application's findings (every mandatory standard met), their first revisions, the list as
    its evidence and its log row, through the ORM (a fixed number of statements)."""
    evidence_file, evidence_name, content_type, size_bytes, sha256 = evidence
    mandatory = list(Standard.objects.filter(kind=StandardKind.MANDATORY))
    findings = [
        Finding(
            application=app,
            standard=standard,
            outcome=FindingOutcome.MET,
            note=_finding_note(app.determination_date, mark),
            recorded_by=actor,
            recorded_at=now,
        )
        for app in applications
        for standard in mandatory
    ]
    Finding.objects.bulk_create(findings, batch_size=10000)
    FindingRevision.objects.bulk_create(
        [
            FindingRevision(
                finding=finding,
                number=1,
                outcome=finding.outcome,
                note=finding.note,
                recorded_by=actor,
                recorded_at=now,
            )
            for finding in findings
        ],
        batch_size=10000,
    )
    EvidenceDocument.objects.bulk_create(
        [
            EvidenceDocument(
                application=app,
                kind=EvidenceKind.ACCREDITATION,
                file=evidence_file,
                original_name=evidence_name,
                content_type=content_type,
                size_bytes=size_bytes,
                sha256=sha256,
                uploaded_by=actor,
                uploaded_at=now,
            )
            for app in applications
        ],
        batch_size=5000,
    )
    TransitionLog.objects.bulk_create(
        [
            TransitionLog(
                application=app,
                actor=actor,
                action=workflow.APPROVE.name,
                from_status=ApplicationStatus.SUBMITTED,
                to_status=ApplicationStatus.APPROVED,
                note=_log_note(app.determination_date, mark, actor),
                at=now,
            )
            for app in applications
        ],
        batch_size=5000,
    )


_SET_WISE = """
WITH apps AS (
    SELECT a.id, n.finding_note, n.log_note
    FROM unnest(%(ids)s::bigint[]) AS made(id)
    JOIN {applications} a ON a.id = made.id
    JOIN unnest(%(days)s::date[], %(finding_notes)s::text[], %(log_notes)s::text[])
         AS n(day, finding_note, log_note) ON n.day = a.determination_date
), findings AS (
    INSERT INTO {findings} (application_id, standard_id, outcome, note, recorded_by_id, recorded_at)
    SELECT apps.id, s.id, %(met)s, apps.finding_note, %(actor)s, %(now)s
    FROM apps CROSS JOIN {standards} s
    WHERE s.kind = %(mandatory)s
    RETURNING id, outcome, note
), revisions AS (
    INSERT INTO {revisions} (finding_id, number, outcome, note, recorded_by_id, recorded_at)
    SELECT id, 1, outcome, note, %(actor)s, %(now)s FROM findings
), documents AS (
    INSERT INTO {documents} (
        application_id, kind, file, original_name, content_type, size_bytes, sha256, uploaded_by_id,
        uploaded_at
    )
    SELECT id, %(kind)s, %(file)s, %(name)s, %(content_type)s, %(size)s, %(sha256)s, %(actor)s, %(now)s
    FROM apps
)
INSERT INTO {logs} (application_id, actor_id, action, from_status, to_status, note, at)
SELECT id, %(actor)s, %(action)s, %(from_status)s, %(to_status)s, log_note, %(now)s FROM apps
"""


def _write_records_set_wise(
    applications: list[CredentialApplication], *, actor: User, mark: str, evidence: Evidence, now: datetime
) -> None:
    """The same rows as ``_write_records`` in one statement on PostgreSQL, read from the new applications
    and the mandatory standards: only the notes' wording of each distinct day comes from here."""
    evidence_file, evidence_name, content_type, size_bytes, sha256 = evidence
    days = sorted({app.determination_date for app in applications if app.determination_date})
    sql = _SET_WISE.format(
        applications=CredentialApplication._meta.db_table,
        findings=Finding._meta.db_table,
        standards=Standard._meta.db_table,
        revisions=FindingRevision._meta.db_table,
        documents=EvidenceDocument._meta.db_table,
        logs=TransitionLog._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "ids": [app.pk for app in applications],
                "days": days,
                "finding_notes": [_finding_note(day, mark) for day in days],
                "log_notes": [_log_note(day, mark, actor) for day in days],
                "met": FindingOutcome.MET,
                "mandatory": StandardKind.MANDATORY,
                "actor": actor.pk,
                "now": now,
                "kind": EvidenceKind.ACCREDITATION,
                "file": evidence_file,
                "name": evidence_name,
                "content_type": content_type,
                "size": size_bytes,
                "sha256": sha256,
                "action": workflow.APPROVE.name,
                "from_status": ApplicationStatus.SUBMITTED,
                "to_status": ApplicationStatus.APPROVED,
            },
        )
