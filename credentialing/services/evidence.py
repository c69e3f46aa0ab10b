"""Evidence documents: checked by content, stored under a random name, never served publicly."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User
from accounts.rules import is_agency_staff
from common.audit import record, snapshot
from common.errors import InvalidTransition, NotAllowed, RuleViolation
from common.uploads import ALLOWED_TYPES, check_upload, sanitize_filename, store_document

from ..models import CredentialApplication, EvidenceDocument, EvidenceKind
from ..states import ApplicationStatus
from .applications import check_visible, lock_application

__all__ = ["ALLOWED_TYPES", "attach_document", "remove_document", "sanitize_filename"]

# What the audit trail keeps of a document: enough to tell which file it was, never its content.
AUDITED_FIELDS = ("application", "kind", "original_name", "content_type", "size_bytes", "sha256")
EDITABLE_STATES = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def _check_agency_can_edit(application: CredentialApplication, actor: User) -> None:
    check_visible(application, actor)
    if not is_agency_staff(actor):
        raise NotAllowed("Only the applicant agency's staff can change its evidence.")
    if application.status not in EDITABLE_STATES:
        raise InvalidTransition(
            f"Application {application.pk} is {application.get_status_display().lower()}: evidence can "
            "only be added while it is a draft or returned for more information."
        )


def attach_document(
    *, application: CredentialApplication, actor: User, kind: str, upload: UploadedFile
) -> EvidenceDocument:
    if kind not in EvidenceKind.values:
        raise RuleViolation("Choose what kind of document this is.", field="kind")
    checked = check_upload(upload)
    with transaction.atomic():
        locked = lock_application(application.pk)
        _check_agency_can_edit(locked, actor)
        document = EvidenceDocument(application=locked, kind=kind, uploaded_by=actor, **checked.fields())
        store_document(
            document,
            upload,
            then=lambda: record(
                actor=actor,
                action="evidence.attached",
                obj=document,
                object_label=f"{locked.reference}: {document}",
                after=snapshot(document, AUDITED_FIELDS),
            ),
        )
    return document


def remove_document(*, document: EvidenceDocument, actor: User) -> None:
    with transaction.atomic():
        locked = lock_application(document.application_id)
        _check_agency_can_edit(locked, actor)
        if locked.status != ApplicationStatus.DRAFT:
            raise InvalidTransition("Documents of a submitted application are kept; add a newer one instead.")
        stored = document.file.name
        record(
            actor=actor,
            action="evidence.removed",
            obj=document,
            object_label=f"{locked.reference}: {document}",
            before=snapshot(document, AUDITED_FIELDS),
        )
        EvidenceDocument.objects.filter(pk=document.pk).delete()
        transaction.on_commit(lambda: document.file.storage.delete(stored))
