"""A refused upload leaves nothing behind: no temporary file on disk and no file held open, whether it was
refused for its size (past EVIDENCE_MAX_BYTES) or its content, on the web and in the API."""

import gc
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from credentialing.models import EvidenceDocument
from tests.api.conftest import token_client
from tests.factories import PDF_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

REFUSALS_IN_A_ROW = 6


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def upload_dir(settings, tmp_path) -> Path:
    directory = tmp_path / "uploads"
    directory.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(directory)
    return directory


def too_large() -> SimpleUploadedFile:
    # Larger than the memory handler keeps (2 MiB): Django spools it to a temporary file.
    padding = b"0" * (django_settings.EVIDENCE_MAX_BYTES + 100 - len(PDF_BYTES))
    return SimpleUploadedFile("policy.pdf", PDF_BYTES + padding, content_type="application/pdf")


def wrong_type() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "policy.pdf", b"#!/bin/sh\necho hello\n" * 200_000, content_type="application/pdf"
    )


def web_upload(client, draft, upload):
    return client.post(reverse("document_upload", args=[draft.pk]), {"kind": "other", "file": upload})


def api_upload(client, draft, upload):
    url = reverse("v1:document-list", kwargs={"application_pk": draft.pk})
    return client.post(url, {"kind": "other", "file": upload}, format="multipart")


@pytest.fixture
def no_collector():
    """Cycles are not collected while the uploads run: a file closed only by the garbage collector
    would be held open by a worker for as long as it pleased."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.mark.parametrize("make", [too_large, wrong_type], ids=["too-large", "wrong-type"])
@pytest.mark.parametrize("door", ["web", "api"])
def test_refused_uploads_leave_no_file_behind(client, staff, draft, upload_dir, no_collector, make, door):
    if door == "web":
        client.force_login(staff)
        send, caller = web_upload, client
    else:
        send, caller = api_upload, token_client(staff)
    send(caller, draft, SimpleUploadedFile("warm-up.txt", b"x"))  # imports and connections opened once
    descriptors = open_descriptors()
    for _ in range(REFUSALS_IN_A_ROW):
        response = send(caller, draft, make())
        assert response.status_code == 400
        assert "limit is" in response.content.decode() or "accepted types" in response.content.decode()
        assert list(upload_dir.iterdir()) == [], "a temporary file stayed on disk"
    assert open_descriptors() <= descriptors, "a file is still held open"
    assert not EvidenceDocument.objects.filter(application=draft, kind="other").exists()
