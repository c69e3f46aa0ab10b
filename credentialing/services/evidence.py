"""Evidence documents: checked by content, stored under a random name, never served publicly."""

import hashlib
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename

from accounts.models import User
from accounts.rules import is_agency_staff
from common.errors import InvalidTransition, NotAllowed, RuleViolation

from ..models import CredentialApplication, EvidenceDocument, EvidenceKind
from ..states import ApplicationStatus
from .applications import check_visible, lock_application

# What a policy, a signed declaration or a certificate arrives as. The type is read from the bytes.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
}
EDITABLE_STATES = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def sanitize_filename(name: str) -> str:
    base = PurePath((name or "").replace("\\", "/")).name
    try:
        cleaned = get_valid_filename(base)
    except Exception:
        cleaned = ""
    return cleaned[-150:] or "document"


def detect_content_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


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
    size = upload.size or 0
    if size == 0:
        raise RuleViolation("The file is empty.", field="file")
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise RuleViolation(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB.", field="file"
        )
    content_type = detect_content_type(upload)
    if content_type not in ALLOWED_TYPES:
        raise RuleViolation(
            "The file's content is not one of the accepted types ("
            + ", ".join(ALLOWED_TYPES.values())
            + ").",
            field="file",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        locked = lock_application(application.pk)
        _check_agency_can_edit(locked, actor)
        document = EvidenceDocument(
            application=locked,
            kind=kind,
            original_name=sanitize_filename(upload.name or ""),
            content_type=content_type,
            size_bytes=size,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        document.file.save(document.original_name, upload, save=False)
        try:
            document.save()
        except BaseException:
            # The row did not make it: do not leave an orphan file behind.
            document.file.delete(save=False)
            raise
    return document


def remove_document(*, document: EvidenceDocument, actor: User) -> None:
    with transaction.atomic():
        locked = lock_application(document.application_id)
        _check_agency_can_edit(locked, actor)
        if locked.status != ApplicationStatus.DRAFT:
            raise InvalidTransition("Documents of a submitted application are kept; add a newer one instead.")
        stored = document.file.name
        EvidenceDocument.objects.filter(pk=document.pk).delete()
        transaction.on_commit(lambda: document.file.storage.delete(stored))
