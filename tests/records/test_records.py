"""Records: written about the agency's own officers, revised (never edited in place), every change audited."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from common.append_only import AppendOnlyError
from common.errors import NotAllowed, NotFound, RuleViolation
from common.models import AuditEntry
from records.models import ProcessStatus, RecordDocument, RecordKind, RecordRevision, UseOfForceRecord
from records.services.records import attach_record_document, correct_status, create_record, revise_record
from tests.factories import AgencyFactory, AgencyStaffFactory, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_record_starts_with_its_first_revision_and_an_audit_row(make_record, staff):
    rec = make_record()
    assert rec.officer_name_key == "jordan a smith"
    assert list(RecordRevision.objects.filter(record=rec).values_list("number", "kind")) == [
        (1, "termination")
    ]
    entry = AuditEntry.objects.get(action="sec3_record.created")
    assert entry.actor == staff and entry.object_id == str(rec.pk)


def test_a_revision_keeps_the_earlier_one_as_it_was(make_record, staff):
    rec = make_record()
    revise_record(actor=staff, record=rec, reason="appeal lodged", process_status=ProcessStatus.UNDER_APPEAL)
    revisions = list(RecordRevision.objects.filter(record=rec).order_by("number"))
    assert [(r.number, r.process_status) for r in revisions] == [(1, "final"), (2, "under_appeal")]
    assert revisions[1].reason == "appeal lodged"
    rec.refresh_from_db()
    assert rec.revision == 2 and rec.process_status == ProcessStatus.UNDER_APPEAL
    entry = AuditEntry.objects.get(action="sec3_record.revised")
    assert entry.before["process_status"] == "final" and entry.after["process_status"] == "under_appeal"
    with pytest.raises(AppendOnlyError):
        revisions[0].save()


def test_a_revision_that_changes_nothing_is_refused(make_record, staff):
    rec = make_record()
    with pytest.raises(RuleViolation, match="Nothing changed"):
        revise_record(actor=staff, record=rec, reason="again", kind=RecordKind.TERMINATION)
    assert RecordRevision.objects.filter(record=rec).count() == 1


def test_only_doj_administrators_correct_a_status_with_a_reason(make_record, staff, doj_admin, grant_officer):
    rec = make_record()
    with pytest.raises(NotAllowed):
        correct_status(actor=staff, record=rec, process_status=ProcessStatus.OVERTURNED, reason="x")
    with pytest.raises(NotAllowed):
        correct_status(actor=grant_officer, record=rec, process_status=ProcessStatus.OVERTURNED, reason="x")
    with pytest.raises(RuleViolation, match="reason"):
        correct_status(actor=doj_admin, record=rec, process_status=ProcessStatus.OVERTURNED, reason="  ")
    correct_status(
        actor=doj_admin, record=rec, process_status=ProcessStatus.OVERTURNED, reason="court order 12"
    )
    rec.refresh_from_db()
    assert rec.process_status == ProcessStatus.OVERTURNED
    assert AuditEntry.objects.get(action="sec3_record.status_corrected").reason == "court order 12"


def test_another_agencys_record_is_not_found(make_record):
    rec = make_record()
    outsider = AgencyStaffFactory(agency=AgencyFactory())
    with pytest.raises(NotFound):
        revise_record(actor=outsider, record=rec, reason="mine now", kind=RecordKind.DECERTIFICATION)
    with pytest.raises(NotFound):
        attach_record_document(actor=outsider, record=rec, upload=pdf_upload())


def test_supporting_documents_follow_the_evidence_rules(make_record, staff):
    rec = make_record()
    document = attach_record_document(actor=staff, record=rec, upload=pdf_upload("letter.pdf"))
    assert document.content_type == "application/pdf" and document.file.name.startswith(
        f"records/{staff.agency_id}/"
    )
    assert "letter" not in document.file.name  # stored under a random name
    with pytest.raises(RuleViolation, match="accepted types"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        attach_record_document(
            actor=staff, record=rec, upload=SimpleUploadedFile("x.pdf", b"not a pdf at all")
        )
    assert RecordDocument.objects.count() == 1


BAD = [
    ({"date_of_birth": timezone.localdate() + timedelta(days=1)}, "date_of_birth", "future"),
    ({"officer_name": "Jordan\x00Smith"}, "officer_name", "NUL"),
    ({"officer_name": "J" * (10 * 1024 * 1024)}, "officer_name", "longer than"),
    ({"officer_name": "   "}, "officer_name", "Enter the name"),
    ({"officer_name": "12345"}, "officer_name", "letter"),
    ({"action_date": timezone.localdate() + timedelta(days=3)}, "action_date", "future"),
    ({"action_date": date(1984, 1, 1)}, "action_date", "before the officer"),
    ({"kind": "reprimand"}, "kind", "kind"),
    ({"process_status": "pending"}, "process_status", "final"),
]


@pytest.mark.parametrize(("overrides", "field", "words"), BAD)
def test_bad_input_is_refused_and_writes_nothing(make_record, overrides, field, words):
    with pytest.raises(RuleViolation, match=words) as refused:
        make_record(**overrides)
    assert refused.value.field == field
    assert not UseOfForceRecord.objects.exists() and not AuditEntry.objects.exists()


def test_an_officer_of_another_agency_is_refused(staff):
    with pytest.raises(RuleViolation, match="your own agency") as refused:
        create_record(
            actor=staff,
            agency=AgencyFactory(),
            officer_name="Pat Other",
            date_of_birth=date(1980, 1, 1),
            kind=RecordKind.TERMINATION,
            action_date=date(2025, 1, 1),
            process_status=ProcessStatus.FINAL,
        )
    assert refused.value.field == "agency"
    assert not UseOfForceRecord.objects.exists()


def test_a_record_is_named_by_officer_kind_and_year():
    from datetime import date

    from records.models import UseOfForceRecord
    from records.names import short_name

    record = UseOfForceRecord(
        officer_name="Jordan A. Smith",
        kind="termination",
        action_date=date(2026, 3, 1),
        date_of_birth=date(1980, 1, 1),
    )
    assert str(record) == record.title == "J. Smith — termination, 2026"
    assert short_name("Jordan Smith Jr.") == "J. Smith Jr."
    assert short_name("Cher") == "Cher"
