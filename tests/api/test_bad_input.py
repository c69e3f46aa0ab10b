"""Each bad input is refused with 400 and a message a person can act on; none is ever a 500."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from credentialing.dates import add_months
from credentialing.models import EvidenceDocument
from tests.factories import PDF_BYTES, AgencyFactory, ApplicationFactory, ProgramFactory

from .conftest import meet_mandatory, token_client

AGENCY = {
    "name": "Lakeside Police Department",
    "ori": "WA0123400",
    "ein": "91-1234567",
    "agency_type": "local_police",
    "state": "WA",
    "head_name": "Sam Lake",
}


def refused(response, field: str | None = None, words: str | None = None) -> dict:
    assert response.status_code == 400, (response.status_code, response.content)
    body = response.json()
    assert body["detail"].strip(), "a 400 says why"
    if field:
        assert body.get("field") == field, body
    if words:
        assert words.lower() in body["detail"].lower(), body
    return body


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ori": "WA12"}, "ori", "9 characters"),
        ({"ori": "wa01234$0"}, "ori", "9 characters"),
        ({"ori": "ZZ0123400", "state": "WA"}, "ori", "postal code"),
        ({"ori": "CA0123400"}, "ori", "starts with WA"),
        ({"ein": "91-12345"}, "ein", "nine digits"),
        ({"ein": "00-1234567"}, "ein", "00"),
        ({"ein": "AB-CDEFGHI"}, "ein", "nine digits"),
        ({"state": "XX"}, "state", "not a valid choice"),
        ({"sworn_officers": "many"}, "sworn_officers", "valid integer"),
    ],
)
def test_agency_identifiers(doj_admin, changes, field, words):
    response = token_client(doj_admin).post("/api/v1/agencies/", {**AGENCY, **changes}, format="json")
    refused(response, field, words)


def test_duplicate_ori_is_a_400(doj_admin):
    AgencyFactory(ori="WA0123400", state="WA")
    response = token_client(doj_admin).post("/api/v1/agencies/", AGENCY, format="json")
    refused(response, "ori", "already has")


def test_valid_agency_is_normalised(doj_admin):
    response = token_client(doj_admin).post(
        "/api/v1/agencies/", {**AGENCY, "ori": " wa0123400 ", "ein": "911234567"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["ori"] == "WA0123400"
    assert response.json()["ein"] == "91-1234567"


@pytest.fixture
def under_review(agency, body, staff, certifier):
    application = ApplicationFactory(agency=agency, body=body, created_by=staff, under_review=True)
    meet_mandatory(application, certifier)
    return application


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (lambda today: today + timedelta(days=1), "future"),
        (lambda today: add_months(today, -36) - timedelta(days=1), "36 months"),
        (lambda today: "2026-02-30", "date has wrong format"),
        (lambda today: "yesterday", "date has wrong format"),
        (lambda today: 20260101, "date has wrong format"),
    ],
)
def test_determination_dates(under_review, certifier, day, words):
    value = day(timezone.localdate())
    response = token_client(certifier).post(
        f"/api/v1/applications/{under_review.pk}/approve/",
        {"determination_date": str(value) if not isinstance(value, int) else value},
        format="json",
    )
    refused(response, "determination_date", words)
    under_review.refresh_from_db()
    assert under_review.status == "under_review", "nothing changed"


PROGRAM = {"name": "Body-Worn Camera Policy", "fiscal_year": 2027, "kind": "discretionary"}


@pytest.mark.parametrize(
    ("deadline", "words"),
    [
        ("2027-10-01", "falls between"),
        ("2025-09-30", "falls between"),
        ("2027-02-29", "date has wrong format"),
        ("31/03/2027", "date has wrong format"),
    ],
)
def test_program_deadline(grant_officer, deadline, words):
    response = token_client(grant_officer).post(
        "/api/v1/programs/", {**PROGRAM, "application_deadline": deadline}, format="json"
    )
    refused(response, "application_deadline", words)


def test_fiscal_year_out_of_range(grant_officer):
    response = token_client(grant_officer).post(
        "/api/v1/programs/",
        {**PROGRAM, "fiscal_year": 1999, "application_deadline": "1999-03-01"},
        format="json",
    )
    refused(response, "fiscal_year")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("-5000", "more than $0"),
        ("0", "more than $0"),
        ("ten thousand", "not an amount"),
        ("12abc", "not an amount"),
        ("100.125", "two decimal places"),
        ("1e40", "less than $1 trillion"),
        ("NaN", "more than $0"),
    ],
)
def test_amounts(grant_officer, agency, amount, words):
    program = ProgramFactory()
    response = token_client(grant_officer).post(
        f"/api/v1/programs/{program.pk}/applicants/",
        {"agency": agency.pk, "amount_requested": amount},
        format="json",
    )
    refused(response, "amount_requested", words)
    assert not program.applicants.exists()


@pytest.mark.parametrize("value", ["2026-13-01", "soon", "2026-1-1x"])
def test_as_of_must_be_a_date(grant_officer, value):
    program = ProgramFactory()
    response = token_client(grant_officer).get(f"/api/v1/programs/{program.pk}/applicants/?as_of={value}")
    refused(response, "as_of", "mm/dd/yyyy")
    response = token_client(grant_officer).get(f"/api/v1/eligibility/?as_of={value}")
    refused(response, "as_of")


def _upload(client, application, name, content, kind="use_of_force_policy"):
    return client.post(
        f"/api/v1/applications/{application.pk}/documents/",
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        format="multipart",
    )


def test_upload_too_big(settings, draft, staff):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = _upload(token_client(staff), draft, "big.pdf", PDF_BYTES + b"0" * 2048)
    refused(response, "file", "the limit is")


def test_upload_shell_script_named_pdf(draft, staff):
    response = _upload(token_client(staff), draft, "policy.pdf", b"#!/bin/sh\nrm -rf /\n")
    refused(response, "file", "not one of the accepted types")


def test_upload_empty_and_unknown_kind(draft, staff):
    refused(_upload(token_client(staff), draft, "empty.pdf", b""), "file")
    refused(_upload(token_client(staff), draft, "p.pdf", PDF_BYTES, kind="selfie"), "kind")


def test_upload_path_traversal_name_is_sanitised(draft, staff, settings):
    response = _upload(token_client(staff), draft, "../../../etc/cron.d/evil policy.pdf", PDF_BYTES)
    assert response.status_code == 201, response.content
    assert response.json()["original_name"] == "evil_policy.pdf"
    document = EvidenceDocument.objects.get(pk=response.json()["id"])
    assert document.file.name.startswith(f"evidence/{draft.pk}/")
    assert ".." not in document.file.name
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "raw",
    ['{"note": ', "not json at all", '["a list"]', '{"note": "\ud800"}'.encode("utf-8", "surrogatepass")],
)
def test_malformed_json(under_review, certifier, raw):
    response = token_client(certifier).generic(
        "POST", f"/api/v1/applications/{under_review.pk}/return/", raw, content_type="application/json"
    )
    refused(response)
    under_review.refresh_from_db()
    assert under_review.status == "under_review"


def test_missing_reason_is_a_400_naming_the_field(under_review, certifier):
    response = token_client(certifier).post(
        f"/api/v1/applications/{under_review.pk}/deny/", {"note": "   "}, format="json"
    )
    refused(response, "note")


def test_unknown_body_id_is_a_400(staff):
    response = token_client(staff).post("/api/v1/applications/", {"body": 999999}, format="json")
    refused(response, "body", "invalid pk")


@pytest.mark.parametrize(
    "query",
    [
        "agency=-6.3e35",
        "body=99999999999999999999999",
        "agency=0.5",
        "body=abc",
    ],
)
def test_out_of_range_ids_in_filters(grant_officer, query):
    refused(token_client(grant_officer).get(f"/api/v1/applications/?{query}"))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programs/{program}/applicants/?credentialing_body=1e40",
        "/api/v1/eligibility/?program=-1",
        "/api/v1/programs/?fiscal_year=1e40",
    ],
)
def test_out_of_range_numbers_in_grant_filters(grant_officer, url):
    program = ProgramFactory()
    refused(token_client(grant_officer).get(url.format(program=program.pk)))


@pytest.mark.parametrize("path", ["agencies/0.5/", "applications/null,null/documents/", "me"])
def test_paths_that_match_nothing_answer_json_404(staff, path):
    response = token_client(staff).get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
