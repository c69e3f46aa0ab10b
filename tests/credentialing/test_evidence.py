"""Evidence uploads: checked by their bytes, limited in size, stored under a random name."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.errors import InvalidTransition, NotAllowed, NotFound, RuleViolation
from credentialing import services
from credentialing.models import EvidenceDocument
from credentialing.services.evidence import sanitize_filename
from tests.factories import PDF_BYTES, ApplicationFactory, pdf_upload

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_pdf_is_stored_under_a_random_name_with_its_digest(draft, staff, settings):
    document = services.attach_document(
        application=draft, actor=staff, kind="accreditation", upload=pdf_upload("../../etc/passwd.pdf")
    )
    assert document.original_name == "passwd.pdf"
    assert document.content_type == "application/pdf"
    assert document.size_bytes == len(PDF_BYTES)
    assert len(document.sha256) == 64
    assert document.file.name.startswith(f"evidence/{draft.pk}/")
    assert "passwd" not in document.file.name
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))


def test_content_decides_the_type_not_the_name(draft, staff):
    disguised = SimpleUploadedFile("policy.pdf", b"#!/bin/sh\necho hi\n" * 10, content_type="application/pdf")
    with pytest.raises(RuleViolation, match="accepted types"):
        services.attach_document(application=draft, actor=staff, kind="other", upload=disguised)
    renamed_png = SimpleUploadedFile("scan.exe", PNG_BYTES, content_type="application/octet-stream")
    document = services.attach_document(application=draft, actor=staff, kind="other", upload=renamed_png)
    assert document.content_type == "image/png"


def test_size_limit_and_empty_files(draft, staff, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048)
    with pytest.raises(RuleViolation, match="limit"):
        services.attach_document(application=draft, actor=staff, kind="other", upload=big)
    with pytest.raises(RuleViolation, match="empty"):
        services.attach_document(
            application=draft, actor=staff, kind="other", upload=SimpleUploadedFile("e.pdf", b"")
        )


def test_only_the_agency_staff_and_only_while_editable(draft, staff, certifier, grant_officer):
    # A certifier does not see drafts at all.
    with pytest.raises(NotFound):
        services.attach_document(application=draft, actor=certifier, kind="other", upload=pdf_upload())
    submitted = ApplicationFactory(agency=draft.agency, created_by=staff, submitted=True)
    with pytest.raises(NotAllowed):
        services.attach_document(
            application=submitted, actor=grant_officer, kind="other", upload=pdf_upload()
        )
    with pytest.raises(InvalidTransition):
        services.attach_document(application=submitted, actor=staff, kind="other", upload=pdf_upload())


def test_remove_from_a_draft_deletes_row_and_file(draft, staff, django_capture_on_commit_callbacks):
    document = services.attach_document(application=draft, actor=staff, kind="other", upload=pdf_upload())
    path = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document(document=document, actor=staff)
    assert not EvidenceDocument.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    ("raw", "clean"), [("a b.pdf", "a_b.pdf"), ("..", "document"), ("C:\\x\\y.pdf", "y.pdf")]
)
def test_sanitize_filename(raw, clean):
    assert sanitize_filename(raw) == clean
