"""A body past the limit is refused before it is read; an upload past the evidence limit is not stored."""

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

from credentialing.models import EvidenceDocument
from grants.models import GrantApplicant
from tests.factories import PDF_BYTES, ProgramFactory

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


class CountingInput:
    """wsgi.input that serves ``size`` bytes without holding them, and counts what was read."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = self.left if size is None or size < 0 else min(size, self.left)
        self.left -= size
        self.read_bytes += size
        return b"x" * size

    def readline(self, size: int = -1) -> bytes:
        return self.read(min(size, 1024) if size and size > 0 else 1024)


def call(path: str, body: CountingInput, **headers: str) -> tuple[str, bytes]:
    environ: dict = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "wsgi.input": body, **headers}
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "testserver"
    statuses: list[str] = []
    response = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    content = b"".join(response)
    response.close()
    return statuses[0], content


@pytest.mark.parametrize("path", ["/api/v1/applications/", "/accounts/login/"])
def test_a_declared_300_mb_body_is_refused_with_413_before_it_is_read(settings, path):
    body = CountingInput(300 * 1024 * 1024)
    status, content = call(path, body, CONTENT_LENGTH=str(body.left), CONTENT_TYPE="application/json")
    assert status.startswith("413")
    assert b"larger than the 11 MB allowed" in content
    assert body.read_bytes == 0


def test_a_chunked_body_is_refused_once_it_passes_the_limit(settings):
    settings.REQUEST_MAX_BYTES = 100_000
    body = CountingInput(300 * 1024 * 1024)
    status, _ = call("/api/v1/applications/", body, HTTP_TRANSFER_ENCODING="chunked")
    assert status.startswith("413")
    assert body.read_bytes <= settings.REQUEST_MAX_BYTES + 1


def test_a_small_chunked_body_still_reaches_the_view(settings):
    environ_body = io.BytesIO(b'{"body": 1e400}')
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/applications/",
        "wsgi.input": environ_body,
        "HTTP_TRANSFER_ENCODING": "chunked",
        "CONTENT_TYPE": "application/json",
    }
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "testserver"
    statuses: list[str] = []
    list(WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    assert statuses[0].startswith("401"), "read, then refused for want of credentials"


def test_an_evidence_upload_past_the_limit_is_not_stored_and_says_why(client, staff, draft, settings):
    settings.EVIDENCE_MAX_BYTES = 200 * 1024
    client.force_login(staff)
    big = SimpleUploadedFile("policy.pdf", PDF_BYTES + b"0" * (3 * 1024 * 1024))
    response = client.post(reverse("document_upload", args=[draft.pk]), {"kind": "other", "file": big})
    assert "the limit is" in response.content.decode()
    assert not EvidenceDocument.objects.filter(application=draft, kind="other").exists()


def test_the_upload_handler_keeps_no_byte_past_the_limit(rf, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    request = rf.post("/", {"file": SimpleUploadedFile("a.pdf", b"y" * 5000)})
    upload = request.FILES["file"]
    assert upload.size == 5000 and upload.read() == b"", "its size is known, its bytes are gone"


def test_an_applicant_import_past_the_limit_says_why(client, grant_officer, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    program = ProgramFactory()
    client.force_login(grant_officer)
    upload = SimpleUploadedFile("a.csv", b"CA0000001,10\n" * 500)
    response = client.post(reverse("applicant_import", args=[program.pk]), {"file": upload})
    assert "larger than an upload may be (1,000 bytes)" in response.content.decode()
    assert not GrantApplicant.objects.filter(program=program).exists()
