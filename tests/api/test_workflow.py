"""The whole credentialing journey through the API only, ending with the grant officer's view."""

import importlib
import time

import pytest
from django.db import connection

from credentialing.models import Standard, StandardKind
from tests.factories import PDF_BYTES, GrantApplicantFactory, ProgramFactory

from .conftest import token_client


def _pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def run_journey(agency, body, staff, certifier, grant_officer, settle):
    """Draft -> documents -> attestations -> submit -> review -> findings -> approve; ``settle`` lets the
    recompute task run (on-commit callbacks inline, or a real worker)."""
    program = ProgramFactory()
    GrantApplicantFactory(program=program, agency=agency, amount_requested=90000)
    as_staff, as_certifier, as_officer = (
        token_client(staff),
        token_client(certifier),
        token_client(grant_officer),
    )

    created = settle(lambda: as_staff.post("/api/v1/applications/", {"body": body.pk}, format="json"))
    assert created.status_code == 201, created.content
    app = created.json()
    assert app["status"] == "draft"
    assert set(app["allowed_actions"]) == {"submit", "delete_draft"}
    url = f"/api/v1/applications/{app['id']}/"

    refused = as_staff.post(f"{url}submit/", {}, format="json")
    assert refused.status_code == 400
    assert "use-of-force policy" in refused.json()["detail"]

    for kind, name in (("use_of_force_policy", "policy.pdf"), ("signed_declaration", "declaration.pdf")):
        upload = as_staff.post(f"{url}documents/", {"kind": kind, "file": _pdf(name)}, format="multipart")
        assert upload.status_code == 201, upload.content
        assert upload.json()["content_type"] == "application/pdf"
    document = as_staff.get(f"{url}documents/").json()[0]
    download = as_certifier.get(f"{url}documents/{document['id']}/download/")
    assert download.status_code == 404, "a body does not see drafts"

    patched = as_staff.patch(
        url, {"attests_legal_compliance": True, "attests_chokehold_prohibition": True}, format="json"
    )
    assert patched.status_code == 200
    submitted = settle(lambda: as_staff.post(f"{url}submit/", {"note": "Please review."}, format="json"))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"

    download = as_certifier.get(f"{url}documents/{document['id']}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"].startswith("attachment")

    assert settle(lambda: as_certifier.post(f"{url}start_review/", {}, format="json")).status_code == 200
    early = as_certifier.post(f"{url}approve/", {}, format="json")
    assert early.status_code == 400 and "minimum standards" in early.json()["detail"]
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        finding = as_certifier.post(
            f"{url}findings/",
            {"standard": standard.code, "outcome": "met", "note": "Policy 4.1"},
            format="json",
        )
        assert finding.status_code == 201, finding.content
    approved = settle(lambda: as_certifier.post(f"{url}approve/", {"note": "All met."}, format="json"))
    assert approved.status_code == 200, approved.content
    body_json = approved.json()
    assert body_json["status"] == "approved"
    assert body_json["expires_on"]
    assert body_json["allowed_actions"] == ["revoke"]

    timeline = as_staff.get(f"{url}timeline/").json()
    assert [(entry["action"], entry["to_status"]) for entry in timeline] == [
        ("create", "draft"),
        ("edit", "draft"),  # the attestations, edited on the draft
        ("submit", "submitted"),
        ("start_review", "under_review"),
        ("approve", "approved"),
    ]
    return as_officer, program


def test_full_workflow_through_the_api(agency, body, staff, certifier, grant_officer, commit_hooks):
    def settle(call):
        with commit_hooks():
            return call()

    as_officer, program = run_journey(agency, body, staff, certifier, grant_officer, settle)
    rows = as_officer.get(f"/api/v1/programs/{program.pk}/applicants/?eligible=true&page_size=50").json()
    assert rows["count"] == 1
    row = rows["results"][0]
    assert row["ori"] == agency.ori
    assert row["eligibility"] == "eligible"
    assert row["basis"] == "credentialed"
    assert body.name in row["reason"]


@pytest.fixture
def standards_catalogue():
    """Transactional tests run last and each ends with a flush, which empties the standards catalogue (a
    data migration): load it again, as the migration does."""
    from django.apps import apps

    catalogue = importlib.import_module("credentialing.migrations.0002_standards_catalogue")
    catalogue.load(apps, None)


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_full_workflow_with_a_real_worker(standards_catalogue, agency, body, staff, certifier, grant_officer):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with app.connection_for_write() as conn:
        for queue in app.conf.task_queues:
            conn.default_channel.queue_purge(queue.name)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"):
        as_officer, program = run_journey(agency, body, staff, certifier, grant_officer, lambda call: call())
        url = f"/api/v1/programs/{program.pk}/applicants/?eligible=true&page_size=50"
        deadline = time.monotonic() + 20

        def credentialed(rows: dict) -> bool:
            return rows["count"] == 1 and rows["results"][0]["basis"] == "credentialed"

        rows = as_officer.get(url).json()
        while not credentialed(rows) and time.monotonic() < deadline:
            time.sleep(0.1)
            rows = as_officer.get(url).json()
        assert credentialed(rows), f"the worker did not record the credential: {rows}"
    connection.close()
