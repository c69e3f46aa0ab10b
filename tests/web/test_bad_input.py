"""Every form's bad input gets a form error with a message, never a 500."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from credentialing.dates import add_months
from credentialing.models import EvidenceDocument, Finding
from grants.models import GrantApplicant, GrantProgram

pytestmark = pytest.mark.django_db

AGENCY = {
    "name": "Springfield Police Department",
    "ori": "IL0000042",
    "ein": "36-1234567",
    "agency_type": "local_police",
    "state": "IL",
    "county": "",
    "city": "",
    "sworn_officers": "20",
    "head_name": "Jane Doe",
    "head_title": "Chief",
}


def field_error(response, text):
    content = response.content.decode()
    assert response.status_code in (200, 400), response.status_code
    assert "usa-error-message" in content or "usa-alert--error" in content
    assert text in content, content[-3000:]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ori": "IL00"}, "An ORI is 9 characters"),
        ({"ori": "ZZ0000042"}, "ZZ is not one"),
        ({"ori": "CA0000042"}, "starts with IL"),
        ({"ein": "12-34"}, "An EIN is nine digits"),
        ({"ein": "00-1234567"}, "No EIN starts with 00"),
        ({"ein": "ab-cdefghi"}, "An EIN is nine digits"),
        ({"sworn_officers": "lots"}, "Enter a whole number"),
    ],
)
def test_agency_form_errors(as_user, world, changes, message):
    response = as_user(world.doj_admin).post(reverse("agency_create"), {**AGENCY, **changes})
    field_error(response, message)
    field = next(iter(changes))
    assert f'id="id_{field}-error"' in response.content.decode()


def test_duplicate_ori_is_shown_next_to_the_field(as_user, world):
    response = as_user(world.doj_admin).post(
        reverse("agency_create"), {**AGENCY, "ori": world.agency.ori, "state": "CA"}
    )
    field_error(response, "already has")
    assert 'id="id_ori-error"' in response.content.decode()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda today: today + timedelta(days=1), "cannot be in the future"),
        (lambda today: add_months(today, -37), "within the past 36 months"),
        (lambda today: "not a date", "Enter a date as mm/dd/yyyy"),
    ],
)
def test_determination_date_errors(as_user, world, day, message):
    for standard in world.mandatory:
        Finding.objects.create(
            application=world.under_review, standard=standard, outcome="met", recorded_by=world.certifier
        )
    value = day(timezone.localdate())
    response = as_user(world.certifier).post(
        reverse("application_action", args=[world.under_review.pk, "approve"]),
        {"determination_date": str(value)},
    )
    field_error(response, message)
    assert 'id="id_determination_date-error"' in response.content.decode()
    world.under_review.refresh_from_db()
    assert world.under_review.status == "under_review"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"application_deadline": "2030-01-31"}, "falls between"),
        ({"application_deadline": "2025-09-30"}, "falls between"),
        ({"fiscal_year": "1999"}, "greater than or equal to 2020"),
        ({"name": ""}, "Enter the name."),
        ({"kind": "grant"}, "Choose the kind of program from the list: “grant”"),
    ],
)
def test_program_form_errors(as_user, world, changes, message):
    data = {"name": "X", "fiscal_year": "2027", "kind": "discretionary", "application_deadline": "2027-01-31"}
    response = as_user(world.grant_officer).post(reverse("program_create"), {**data, **changes})
    field_error(response, message)
    assert not GrantProgram.objects.filter(name="X").exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "more than $0"),
        ("ten dollars", "is not an amount"),
        ("10.555", "two decimal places"),
        ("0", "more than $0"),
    ],
)
def test_applicant_amount_errors(as_user, world, amount, message):
    from tests.factories import AgencyFactory

    agency = AgencyFactory(state="NY", ori="NY0000555")
    response = as_user(world.grant_officer).post(
        reverse("applicant_add", args=[world.program.pk]), {"ori": agency.ori, "amount_requested": amount}
    )
    field_error(response, message)
    assert 'id="id_amount_requested-error"' in response.content.decode()
    assert not GrantApplicant.objects.filter(agency=agency).exists()


def test_applicant_unknown_ori(as_user, world):
    response = as_user(world.grant_officer).post(
        reverse("applicant_add", args=[world.program.pk]), {"ori": "NY9999999", "amount_requested": "10"}
    )
    field_error(response, "No agency has the ORI NY9999999")


def test_csv_import_with_unknown_oris_lists_each_row(as_user, world):
    upload = SimpleUploadedFile("a.csv", b"ORI,amount\nNY9999999,5000\nCA0000001,abc\n")
    response = as_user(world.grant_officer).post(
        reverse("applicant_import", args=[world.program.pk]), {"file": upload}
    )
    field_error(response, "Nothing was imported: 2 rows need correcting")
    content = response.content.decode()
    assert "Line 2: No agency has the ORI NY9999999." in content
    assert "Line 3: “abc” is not an amount in dollars." in content
    assert GrantApplicant.objects.filter(program=world.program).count() == 2


def test_csv_import_of_binary_garbage(as_user, world):
    upload = SimpleUploadedFile("a.csv", b"\xff\xfe\x00garbage")
    response = as_user(world.grant_officer).post(
        reverse("applicant_import", args=[world.program.pk]), {"file": upload}
    )
    field_error(response, "not UTF-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"IL00\x0000042,100\n", "contains a NUL character"),
        (b'IL0000042,"100\n', "every opening quote needs its closing one"),
        (b"IL0000042," + b"1" * 131_073 + b"\n", "at most 131,072 characters"),
    ],
)
def test_csv_import_of_unreadable_rows(as_user, world, content, message):
    upload = SimpleUploadedFile("a.csv", content)
    response = as_user(world.grant_officer).post(
        reverse("applicant_import", args=[world.program.pk]), {"file": upload}
    )
    field_error(response, message)


def _upload(client, application, **data):
    return client.post(reverse("document_upload", args=[application.pk]), data)


def test_upload_too_big(as_user, world, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    response = _upload(
        as_user(world.staff),
        world.draft,
        kind="other",
        file=SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"x" * 100),
    )
    field_error(response, "the limit is")
    assert 'id="id_file-error"' in response.content.decode()


def test_upload_disguised_shell_script(as_user, world):
    response = _upload(
        as_user(world.staff),
        world.draft,
        kind="other",
        file=SimpleUploadedFile("policy.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"),
    )
    field_error(response, "not one of the accepted types")
    assert world.draft.documents.count() == 2


def test_upload_without_kind_or_file(as_user, world):
    response = _upload(as_user(world.staff), world.draft, kind="")
    field_error(response, "Choose the kind of document.")


def test_upload_path_traversal_name_is_sanitised(as_user, world):
    from tests.factories import PDF_BYTES

    response = _upload(
        as_user(world.staff),
        world.draft,
        kind="other",
        file=SimpleUploadedFile("../../etc/passwd.pdf", PDF_BYTES),
    )
    assert response.status_code == 302
    document = EvidenceDocument.objects.filter(application=world.draft, kind="other").get()
    assert "/" not in document.original_name and ".." not in document.original_name
    assert document.file.name.startswith(f"evidence/{world.draft.pk}/")
    download = as_user(world.staff).get(reverse("document_download", args=[document.pk]))
    assert (
        "passwd.pdf" in download["Content-Disposition"]
        and "/" not in download["Content-Disposition"].split("filename")[1]
    )


def test_upload_to_a_submitted_application_is_refused(as_user, world):
    from tests.factories import PDF_BYTES

    response = as_user(world.staff).post(
        reverse("document_upload", args=[world.submitted.pk]),
        {"kind": "other", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
        follow=True,
    )
    assert response.status_code == 200 and "evidence can only be added" in response.content.decode()


def test_finding_without_outcome(as_user, world):
    standard = world.mandatory[0]
    response = as_user(world.certifier).post(
        reverse("finding_record", args=[world.under_review.pk, standard.pk]),
        {f"std{standard.pk}-outcome": "maybe"},
    )
    field_error(response, "Choose the finding")


def test_application_form_with_uncertified_body(as_user, world):
    from tests.factories import BodyFactory

    revoked = BodyFactory(revoked=True)
    response = as_user(world.staff).post(reverse("application_create"), {"body": revoked.pk})
    field_error(response, "Choose the credentialing body from the list")


def test_login_with_missing_fields(client, world):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    field_error(response, "Enter the username.")


def test_a_nul_byte_in_a_form_field_is_a_form_error(as_user, world):
    response = as_user(world.doj_admin).post(reverse("agency_create"), {**AGENCY, "name": "Spring\x00field"})
    field_error(response, "Null characters are not allowed")


def test_a_nul_byte_in_a_page_address_is_a_400(as_user, world):
    response = as_user(world.doj_admin).get(reverse("agency_list") + "?q=%00")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
