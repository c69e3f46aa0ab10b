"""Writing Sec. 3 records: recorded, revised (never edited in place), their status corrected by DOJ."""

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from common.audit import record as audit
from common.audit import snapshot
from common.errors import NotAllowed, NotFound, RuleViolation
from common.uploads import check_upload, store_document

from ..models import ProcessStatus, RecordDocument, RecordKind, RecordRevision, UseOfForceRecord
from ..permissions import can_correct_status, can_keep_records
from ..validation import clean_certificate, clean_date_of_birth, clean_name, clean_text

VERSIONED_FIELDS = (
    "officer_name",
    "date_of_birth",
    "certificate_number",
    "kind",
    "action_date",
    "process_status",
)
# The audit trail names what changed, never the officer's identity in clear beyond the record's id.
AUDITED_FIELDS = ("agency", "kind", "action_date", "process_status", "revision")
DOCUMENT_AUDITED_FIELDS = ("record", "original_name", "content_type", "size_bytes", "sha256")


def _cleaned(
    *,
    officer_name: str,
    date_of_birth: date | None,
    certificate_number: str,
    kind: str,
    action_date: date | None,
    process_status: str,
) -> dict:
    today = timezone.localdate()
    name, key = clean_name(officer_name)
    born = clean_date_of_birth(date_of_birth, today=today)
    if kind not in RecordKind.values:
        raise RuleViolation("Choose the kind of record.", field="kind")
    if process_status not in ProcessStatus.values:
        raise RuleViolation(
            "Choose the process status: final, under appeal or overturned.", field="process_status"
        )
    if action_date is None:
        raise RuleViolation("Enter the date of the action.", field="action_date")
    if action_date > today:
        raise RuleViolation("The date of the action is in the future.", field="action_date")
    if action_date <= born:
        raise RuleViolation(
            "The date of the action is before the officer's date of birth.", field="action_date"
        )
    return {
        "officer_name": name,
        "officer_name_key": key,
        "date_of_birth": born,
        "certificate_number": clean_certificate(certificate_number),
        "kind": kind,
        "action_date": action_date,
        "process_status": process_status,
    }


def _revision(rec: UseOfForceRecord, *, actor: User, reason: str) -> RecordRevision:
    return RecordRevision.objects.create(
        record=rec,
        number=rec.revision,
        reason=reason,
        revised_by=actor,
        revised_at=rec.revised_at,
        **{field: getattr(rec, field) for field in VERSIONED_FIELDS},
    )


def lock_record(record_id: int) -> UseOfForceRecord:
    try:
        return UseOfForceRecord.objects.select_for_update().get(pk=record_id)
    except UseOfForceRecord.DoesNotExist:
        raise NotFound("No such record.") from None


def create_record(
    *,
    actor: User,
    agency: Agency,
    officer_name: str,
    date_of_birth: date | None,
    kind: str,
    action_date: date | None,
    process_status: str,
    certificate_number: str = "",
) -> UseOfForceRecord:
    """Record an instance about one of the actor's own agency's officers."""
    if not can_keep_records(actor, agency):
        raise RuleViolation("You can only record instances about your own agency's officers.", field="agency")
    values = _cleaned(
        officer_name=officer_name,
        date_of_birth=date_of_birth,
        certificate_number=certificate_number,
        kind=kind,
        action_date=action_date,
        process_status=process_status,
    )
    with transaction.atomic():
        rec = UseOfForceRecord.objects.create(agency=agency, created_by=actor, **values)
        _revision(rec, actor=actor, reason="recorded")
        audit(actor=actor, action="sec3_record.created", obj=rec, after=snapshot(rec, AUDITED_FIELDS))
    return rec


def revise_record(*, actor: User, record: UseOfForceRecord, reason: str, **changes) -> UseOfForceRecord:
    """A new revision of one of the actor's agency's records; the earlier ones are kept as they were."""
    why = clean_text(reason, field="reason", label="reason for the revision", max_length=1000)
    unknown = set(changes) - set(VERSIONED_FIELDS)
    if unknown:
        raise RuleViolation(f"These fields cannot be revised: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        rec = lock_record(record.pk)
        if not can_keep_records(actor, rec.agency):
            raise NotFound("No such record.")
        merged = {field: changes.get(field, getattr(rec, field)) for field in VERSIONED_FIELDS}
        values = _cleaned(**merged)
        before = snapshot(rec, AUDITED_FIELDS)
        if all(getattr(rec, field) == values[field] for field in VERSIONED_FIELDS):
            raise RuleViolation("Nothing changed: the revision would be the same as the current one.")
        for field, value in values.items():
            setattr(rec, field, value)
        rec.revision += 1
        rec.revised_at = timezone.now()
        rec.save()
        _revision(rec, actor=actor, reason=why)
        audit(
            actor=actor,
            action="sec3_record.revised",
            obj=rec,
            before=before,
            after=snapshot(rec, AUDITED_FIELDS),
            reason=why,
        )
    return rec


def correct_status(
    *, actor: User, record: UseOfForceRecord, process_status: str, reason: str
) -> UseOfForceRecord:
    """A DOJ administrator's correction of a record's process status, with the reason for it."""
    if not can_correct_status(actor):
        raise NotAllowed("Only DOJ administrators correct a record's status.")
    why = clean_text(reason, field="reason", label="reason for the correction", max_length=1000)
    if process_status not in ProcessStatus.values:
        raise RuleViolation(
            "Choose the process status: final, under appeal or overturned.", field="process_status"
        )
    with transaction.atomic():
        rec = lock_record(record.pk)
        if rec.process_status == process_status:
            raise RuleViolation(
                f"The record is already {rec.get_process_status_display().lower()}.", field="process_status"
            )
        before = snapshot(rec, AUDITED_FIELDS)
        rec.process_status = process_status
        rec.revision += 1
        rec.revised_at = timezone.now()
        rec.save(update_fields=["process_status", "revision", "revised_at"])
        _revision(rec, actor=actor, reason=why)
        audit(
            actor=actor,
            action="sec3_record.status_corrected",
            obj=rec,
            before=before,
            after=snapshot(rec, AUDITED_FIELDS),
            reason=why,
        )
    return rec


def attach_record_document(*, actor: User, record: UseOfForceRecord, upload: UploadedFile) -> RecordDocument:
    """Supporting evidence of one of the actor's agency's records: checked and stored as evidence is."""
    checked = check_upload(upload)
    with transaction.atomic():
        rec = lock_record(record.pk)
        if not can_keep_records(actor, rec.agency):
            raise NotFound("No such record.")
        document = RecordDocument(record=rec, uploaded_by=actor, **checked.fields())
        store_document(
            document,
            upload,
            then=lambda: audit(
                actor=actor,
                action="sec3_record.document_attached",
                obj=document,
                object_label=f"{rec.title}: {document}",
                after=snapshot(document, DOCUMENT_AUDITED_FIELDS),
            ),
        )
    return document
