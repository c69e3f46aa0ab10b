"""Checking an uploaded document before it is stored: by its bytes, its size and a safe display name.

Shared by every kind of evidence (credential applications, Sec. 3 records), so that one set of rules
decides what a document may be and where it is kept: under a random name, never served publicly.
"""

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename

from .errors import RuleViolation

# What a policy, a signed declaration or a certificate arrives as. The type is read from the bytes.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
}


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


def random_stored_name(folder: str, filename: str) -> str:
    """The stored name is random: the uploaded name is kept only as display text."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    content_type: str
    size_bytes: int
    sha256: str

    def fields(self) -> dict[str, Any]:
        """What a document row keeps of the file: its display name and facts, never its content."""
        return {
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size_bytes": self.size_bytes,
            "sha256": self.sha256,
        }


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Refuse an empty, oversized or unrecognised file (RuleViolation on ``file``); else its facts."""
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
    return CheckedUpload(sanitize_filename(upload.name or ""), content_type, size, digest.hexdigest())


def store_document(document: models.Model, upload: UploadedFile, *, then: Callable[[], object]) -> None:
    """Store the file under ``document.file``, save the row and run ``then`` (its audit row), inside the
    caller's transaction; if any of it fails, the stored file is deleted so no orphan stays behind."""
    stored = document.file  # type: ignore[attr-defined]
    stored.save(document.original_name, upload, save=False)  # type: ignore[attr-defined]
    try:
        document.save()
        then()
    except BaseException:
        stored.delete(save=False)
        raise


def stored_file_response(document: Any) -> FileResponse:
    """A stored document as an attachment with the type detected at upload, never cached by a proxy.
    The caller has already checked that the reader may see it."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
