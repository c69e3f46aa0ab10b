"""Revising a record, attaching its documents, correcting its status and amending a report, through the
pages: each writes through its service, and bad input is a form error that writes nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEntry
from records.models import QuarterlyReport, RecordDocument, RecordRevision, ReportVersion, UseOfForceRecord
from records.quarters import last_complete
from records.services.records import create_record
from records.services.reports import submit_report
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db

TOMORROW = "tomorrow"  # worked out when the test runs, not when it is collected (midnight may pass)


@pytest.fixture
def record(staff):
    return create_record(
        actor=staff,
        agency=staff.agency,
        officer_name="Jordan A. Smith",
        date_of_birth=date(1985, 3, 4),
        kind="civil_judgment",
        action_date=last_complete(timezone.localdate()).start + timedelta(days=3),
        process_status="under_appeal",
    )


@pytest.fixture
def report(staff, record):
    return submit_report(
        actor=staff,
        agency=staff.agency,
        quarter=last_complete(timezone.localdate()),
        zero=False,
        signed_by_name="Pat Example",
        signed_by_title="Chief of Police",
    )


def revision_data(**changes):
    data = {
        "officer_name": "Jordan A. Smith",
        "date_of_birth": "1985-03-04",
        "certificate_number": "",
        "kind": "civil_judgment",
        "action_date": "",
        "process_status": "final",
        "reason": "The appeal was decided on 2026-01-20.",
    }
    return {**data, **changes}


def test_the_revision_form_holds_the_current_version_and_shows_the_history(as_user, staff, record):
    page = as_user(staff).get(reverse("sec3_record_revise", args=[record.pk])).content.decode()
    assert 'value="Jordan A. Smith"' in page and 'value="1985-03-04"' in page
    assert f'value="{record.action_date.isoformat()}"' in page
    assert "Revision history" in page and "recorded" in page


def test_a_revision_through_the_page_keeps_the_earlier_version(as_user, staff, record):
    client = as_user(staff)
    data = revision_data(action_date=record.action_date.isoformat())
    response = client.post(reverse("sec3_record_revise", args=[record.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("sec3_record", args=[record.pk])
    record.refresh_from_db()
    assert record.revision == 2 and record.process_status == "final"
    statuses = list(RecordRevision.objects.filter(record=record).values_list("process_status", flat=True))
    assert statuses == ["under_appeal", "final"]
    page = client.get(reverse("sec3_record", args=[record.pk])).content.decode()
    assert "The appeal was decided on 2026-01-20." in page


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"date_of_birth": TOMORROW}, "The date of birth is in the future."),
        ({"officer_name": "Jordan\x00Smith"}, "Null characters are not allowed."),
        ({"officer_name": "J" * 5000}, "at most 200 characters"),
        ({"reason": ""}, "Enter the reason for the revision."),
    ],
)
def test_bad_revision_input_is_a_form_error_and_writes_nothing(as_user, staff, record, bad, message):
    data = revision_data(action_date=record.action_date.isoformat(), **bad)
    if data["date_of_birth"] == TOMORROW:
        data["date_of_birth"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = as_user(staff).post(reverse("sec3_record_revise", args=[record.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in page and message in page
    record.refresh_from_db()
    assert record.revision == 1 and RecordRevision.objects.filter(record=record).count() == 1


def test_attaching_a_document_stores_it_and_lists_it_for_download(as_user, staff, doj_admin, record):
    client = as_user(staff)
    response = client.post(reverse("sec3_record_attach", args=[record.pk]), {"file": pdf_upload("order.pdf")})
    assert response.status_code == 302
    document = RecordDocument.objects.get(record=record)
    assert AuditEntry.objects.filter(action="sec3_record.document_attached").count() == 1
    assert "order.pdf" in client.get(reverse("sec3_record", args=[record.pk])).content.decode()
    download = as_user(doj_admin).get(reverse("sec3_record_document", args=[document.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.txt", b"plain words, not a document"), "not one of the accepted types"),
        (SimpleUploadedFile("empty.pdf", b""), "The submitted file is empty."),
    ],
)
def test_a_bad_document_is_a_form_error_and_stores_nothing(as_user, staff, record, upload, message):
    response = as_user(staff).post(reverse("sec3_record_attach", args=[record.pk]), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400 and "error-summary" in page and message in page
    assert not RecordDocument.objects.exists()


def test_a_doj_administrator_corrects_the_status_with_a_reason(as_user, doj_admin, record):
    client = as_user(doj_admin)
    page = client.get(reverse("sec3_record_correct", args=[record.pk])).content.decode()
    assert "Revision history" in page
    url = reverse("sec3_record_correct", args=[record.pk])
    response = client.post(url, {"process_status": "overturned", "reason": "Judgment vacated on appeal."})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.process_status == "overturned" and record.revision == 2
    event = AuditEntry.objects.get(action="sec3_record.status_corrected")
    assert event.reason == "Judgment vacated on appeal."


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"reason": ""}, "Enter the reason for the correction."),
        ({"reason": "vacated\x00"}, "Null characters are not allowed."),
        ({"process_status": "under_appeal"}, "The record is already under appeal."),
        ({"process_status": "lost"}, "Choose the correct process status from the list"),
    ],
)
def test_a_bad_correction_is_a_form_error_and_writes_nothing(as_user, doj_admin, record, bad, message):
    data = {"process_status": "final", "reason": "Decided.", **bad}
    response = as_user(doj_admin).post(reverse("sec3_record_correct", args=[record.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "error-summary" in page and message in page
    record.refresh_from_db()
    assert record.revision == 1
    assert not AuditEntry.objects.filter(action="sec3_record.status_corrected").exists()


def test_amending_a_report_keeps_the_earlier_version_signed_off_by_name(as_user, staff, report):
    client = as_user(staff)
    url = reverse("sec3_report_amend", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'value="Pat Example"' in page and "(original)" in page
    assert f'href="{url}"' in client.get(reverse("sec3_reports")).content.decode()
    UseOfForceRecord.objects.update(action_date=report.quarter - timedelta(days=1))
    data = {
        "zero": "yes",
        "signed_by_name": "Sam Deputy",
        "signed_by_title": "Deputy Chief",
        "note": "The record belongs to the quarter before.",
    }
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.version == 2 and report.kind == "zero" and report.signed_by_name == "Sam Deputy"
    versions = list(ReportVersion.objects.filter(report=report).order_by("number"))
    assert [(v.kind, v.signed_by_name) for v in versions] == [
        ("records", "Pat Example"),
        ("zero", "Sam Deputy"),
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"signed_by_name": "Sam\x00Deputy"}, "Null characters are not allowed."),
        ({"signed_by_name": "S" * 5000}, "at most 200 characters"),
        ({"note": ""}, "Enter the reason for the amendment."),
        ({"zero": "yes"}, "submit them rather than a zero report"),
    ],
)
def test_a_bad_amendment_is_a_form_error_and_writes_nothing(as_user, staff, report, bad, message):
    data = {"zero": "no", "signed_by_name": "Sam", "signed_by_title": "Deputy", "note": "Late.", **bad}
    response = as_user(staff).post(reverse("sec3_report_amend", args=[report.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "error-summary" in page and message in page
    assert QuarterlyReport.objects.get().version == 1 and ReportVersion.objects.count() == 1


def test_the_record_page_costs_the_same_queries_whatever_its_history(
    as_user, staff, record, django_assert_num_queries, django_assert_max_num_queries
):
    client = as_user(staff)
    url = reverse("sec3_record", args=[record.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    queries = len(few.captured_queries)  # read now: every request resets the connection's log
    assert RecordDocument.objects.count() == 0
    for n in range(3):
        client.post(
            reverse("sec3_record_revise", args=[record.pk]),
            revision_data(action_date=record.action_date.isoformat(), officer_name=f"Jordan Smith {n}"),
        )
        client.post(reverse("sec3_record_attach", args=[record.pk]), {"file": pdf_upload(f"d{n}.pdf")})
    assert RecordDocument.objects.count() == 3 and RecordRevision.objects.count() == 4
    with django_assert_num_queries(queries):
        client.get(url)
