"""A body's bulk list: every refusal reason in words, the bad files, idempotent upload, the commit."""

from datetime import timedelta

import pytest

from common.errors import InvalidTransition, NotAllowed, NotFound, RuleViolation
from common.humanize import human_date
from credentialing.dates import add_months, earliest_determination, today
from credentialing.models import (
    CredentialApplication,
    EvidenceDocument,
    Finding,
    FindingRevision,
    TransitionLog,
)
from credentialing.states import ApplicationStatus
from grants.models import AgencyEligibility, RecomputeRequest
from reporting.models import BulkList, BulkListRow, RowVerdict
from reporting.services import commit_list, upload_list
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory, CertifierFactory

from .helpers import csv_file, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def state_body(db):
    return BodyFactory(
        name="California POST Accreditation",
        states_served=["CA"],
        agency_types_served=["local_police", "sheriff"],
    )


@pytest.fixture
def lister(state_body):
    return CertifierFactory(credentialing_body=state_body, username="lister")


def upload(body, actor, file, name=""):
    return upload_list(body=body, actor=actor, file=file, filename=file.name, name=name)


def iso(day):
    return day.isoformat()


def test_preview_gives_every_refusal_reason_in_words(state_body, lister):
    current = today()
    ok = AgencyFactory(state="CA", name="Ready Police")
    texan = AgencyFactory(state="TX", name="Texan Police")
    campus = AgencyFactory(state="CA", agency_type="university", name="Campus Police")
    old = AgencyFactory(state="CA", name="Old Police")
    future = AgencyFactory(state="CA", name="Future Police")
    holder = AgencyFactory(state="CA", name="Holder Police")
    ApplicationFactory(agency=holder, body=state_body, approved=True)
    pending = AgencyFactory(state="CA", name="Pending Police")
    ApplicationFactory(agency=pending, body=state_body, under_review=True)
    too_old = add_months(current, -36)
    file = csv_file(
        [
            [ok.ori, iso(current - timedelta(days=30)), "ACC-1"],
            ["ZZ9999999", iso(current), ""],
            [texan.ori, iso(current), ""],
            [campus.ori, iso(current), ""],
            [old.ori, iso(too_old), ""],
            [future.ori, iso(current + timedelta(days=1)), ""],
            [holder.ori, iso(current), ""],
            [pending.ori, iso(current), ""],
            [ok.ori.lower(), iso(current), ""],
        ]
    )
    result = upload(state_body, lister, file)
    assert result.created
    rows = {r.line: r for r in result.bulk_list.rows.all()}
    assert rows[2].verdict == RowVerdict.READY and rows[2].reference == "ACC-1"
    assert rows[3].reason == "Unknown ORI: no agency has the ORI ZZ9999999."
    assert "does not credential agencies in Texas" in rows[4].reason
    assert "does not credential university or college" in rows[5].reason.lower()
    assert "within the past 36 months" in rows[6].reason
    assert rows[7].reason == "The determination date cannot be in the future."
    assert rows[8].reason.startswith("Already credentialed by California POST Accreditation")
    assert "open application" in rows[9].reason
    assert rows[10].reason.startswith("Duplicate row") and "row 2" in rows[10].reason
    bulk_list = result.bulk_list
    assert (bulk_list.row_count, bulk_list.ready_count, bulk_list.refused_count) == (9, 1, 8)
    assert not CredentialApplication.objects.filter(agency=ok).exists(), "a preview approves nothing"


def test_look_back_boundary_is_the_first_day_approval_accepts(state_body, lister):
    first = earliest_determination(today(), state_body.credential_term_months)
    inside, outside = AgencyFactory(state="CA"), AgencyFactory(state="CA")
    result = upload(
        state_body,
        lister,
        csv_file([[inside.ori, iso(first), ""], [outside.ori, iso(first - timedelta(days=1)), ""]]),
    )
    verdicts = [(r.verdict, r.reason) for r in result.bulk_list.rows.order_by("line")]
    assert verdicts[0] == (RowVerdict.READY, "")
    assert verdicts[1][0] == RowVerdict.REFUSED and human_date(first) in verdicts[1][1], verdicts[1]


def test_commit_approves_through_the_approval_rules_and_marks_the_list(state_body, lister, commit_hooks):
    agencies = [AgencyFactory(state="CA") for _ in range(3)]
    determined = today() - timedelta(days=100)
    result = upload(
        state_body,
        lister,
        xlsx_file([[a.ori, determined, f"F-{i}"] for i, a in enumerate(agencies)]),
        name="2025 accreditations",
    )
    with commit_hooks():
        committed = commit_list(bulk_list=result.bulk_list, actor=lister)
    assert committed.committed_count == 3 and committed.committed_by == lister
    apps = CredentialApplication.objects.filter(agency__in=agencies, body=state_body)
    assert apps.count() == 3
    for app in apps:
        assert app.status == ApplicationStatus.APPROVED
        assert app.determination_date == determined
        assert app.expires_on == add_months(determined, 36)
        assert app.notes.startswith("From list 2025 accreditations")
        log = TransitionLog.objects.get(application=app)
        assert "From list 2025 accreditations, uploaded by lister" in log.note
        assert log.actor == lister and log.to_status == ApplicationStatus.APPROVED
        document = EvidenceDocument.objects.get(application=app)
        assert document.file.name == committed.file.name and document.sha256 == committed.sha256
        assert Finding.objects.filter(application=app, outcome="met").count() == 2
    assert FindingRevision.objects.filter(finding__application__in=apps).count() == 6
    assert set(
        BulkListRow.objects.filter(bulk_list=committed).values_list("application_id", flat=True)
    ) == set(apps.values_list("id", flat=True))
    # Tasks ran inline: every agency is now eligible, credentialed by the body.
    assert all(AgencyEligibility.objects.get(agency=a).basis == "credentialed" for a in agencies)
    assert not RecomputeRequest.objects.exists()


def test_same_file_again_changes_nothing(state_body, lister):
    agency = AgencyFactory(state="CA")
    rows = [[agency.ori, iso(today()), ""]]
    first = upload(state_body, lister, csv_file(rows))
    commit_list(bulk_list=first.bulk_list, actor=lister)
    again = upload(state_body, lister, csv_file(rows, name="renamed.csv"))
    assert not again.created and again.bulk_list.pk == first.bulk_list.pk
    assert BulkList.objects.count() == 1
    assert CredentialApplication.objects.filter(agency=agency).count() == 1
    with pytest.raises(InvalidTransition, match="already committed"):
        commit_list(bulk_list=first.bulk_list, actor=lister)


def test_refused_rows_commit_only_on_say_so(state_body, lister):
    ready = AgencyFactory(state="CA")
    result = upload(
        state_body, lister, csv_file([[ready.ori, iso(today()), ""], ["ZZ0000000", iso(today()), ""]])
    )
    with pytest.raises(RuleViolation, match="1 of the list's 2 rows are refused") as refusal:
        commit_list(bulk_list=result.bulk_list, actor=lister)
    assert refusal.value.field == "accept_refusals"
    assert not CredentialApplication.objects.filter(agency=ready).exists()
    commit_list(bulk_list=result.bulk_list, actor=lister, accept_refusals=True)
    assert CredentialApplication.objects.filter(agency=ready, status="approved").count() == 1


def test_commit_judges_again_what_changed_since_the_preview(state_body, lister):
    agency = AgencyFactory(state="CA")
    result = upload(state_body, lister, csv_file([[agency.ori, iso(today()), ""]]))
    ApplicationFactory(agency=agency, body=state_body, approved=True)
    with pytest.raises(RuleViolation, match="every row is refused"):
        commit_list(bulk_list=result.bulk_list, actor=lister, accept_refusals=True)


def test_only_the_body_own_certifiers(state_body, lister, certifier, staff):
    agency = AgencyFactory(state="CA")
    with pytest.raises(NotAllowed):
        upload(state_body, staff, csv_file([[agency.ori, iso(today()), ""]]))
    result = upload(state_body, lister, csv_file([[agency.ori, iso(today()), ""]]))
    with pytest.raises(NotFound):
        commit_list(bulk_list=result.bulk_list, actor=certifier)


def test_a_suspended_body_cannot_commit(state_body, lister):
    agency = AgencyFactory(state="CA")
    result = upload(state_body, lister, csv_file([[agency.ori, iso(today()), ""]]))
    state_body.certification_status = "suspended"
    state_body.save()
    with pytest.raises(RuleViolation, match="suspended"):
        commit_list(bulk_list=result.bulk_list, actor=lister, accept_refusals=True)
    assert not CredentialApplication.objects.filter(agency=agency).exists()


BAD_FILES = [
    (lambda: csv_file([["CA0000100", "2025-01-01"]], name="list.pdf"), "is neither"),
    (
        lambda: csv_file([["x", "2025-01-01"]], header=("agency", "determination date")),
        "Row 1: there is no ORI column",
    ),
    (
        lambda: csv_file([["CA0000100", "2025-01-01"]], header=("ORI", "=date", "reference")),
        "Row 1, column B (header) holds a formula",
    ),
    (lambda: xlsx_file([["CA0000100", "2025-01-01", ""]], name="list.csv"), "not what its name says"),
    (lambda: csv_file([], name="list.xlsx"), "not what its name says"),
    (lambda: csv_file([]), "The file has no rows of ORI and determination date"),
]


@pytest.mark.parametrize(("make", "message"), BAD_FILES)
def test_only_a_file_that_is_no_table_is_refused_whole(state_body, lister, make, message):
    with pytest.raises(RuleViolation, match=message.replace("(", r"\(").replace(")", r"\)")):
        upload(state_body, lister, make())
    assert not BulkList.objects.exists()


BAD_ROWS = [
    (
        csv_file,
        ["CA0000100", "2025-01-01", "=HYPERLINK(1)"],
        "formula",
        "Row 2, column C (reference) holds a formula",
    ),
    (
        csv_file,
        ["CA0000100", "31.12.2024", ""],
        "not_a_date",
        "Row 2, column B (determination date): “31.12.2024” is not a date",
    ),
    (csv_file, ["CA0000100", "", ""], "empty_date", "Row 2, column B (determination date) is empty"),
    (csv_file, ["", "2025-01-01", ""], "empty_ori", "Row 2, column A (ORI) is empty."),
    (
        xlsx_file,
        ["CA0000100", "=TODAY()", ""],
        "formula",
        "Row 2, column B (determination date) holds a formula",
    ),
    (xlsx_file, ["CA0000100", "2025-01-01", "", "@SUM(A1)"], "formula", "Row 2, column D (unnamed column)"),
    (
        csv_file,
        ["CA0000100", "2025-01-01", "x" * 101],
        "unreadable_cell",
        "Row 2, column C (reference) is longer than 100 characters",
    ),
]


@pytest.mark.parametrize(("make", "bad", "kind", "message"), BAD_ROWS)
def test_a_bad_row_is_a_refused_row_naming_row_and_column(state_body, lister, make, bad, kind, message):
    good = AgencyFactory(state="CA")
    result = upload(state_body, lister, make([bad, [good.ori, iso(today()), ""]]))
    row, ready = result.bulk_list.rows.order_by("line")
    assert (row.line, row.verdict, row.refusal_kind) == (2, RowVerdict.REFUSED, kind)
    assert row.reason.startswith(message), row.reason
    assert (ready.verdict, ready.agency) == (RowVerdict.READY, good)
    assert result.bulk_list.refusal_counts == {kind: 1}
    assert (result.bulk_list.ready_count, result.bulk_list.refused_count) == (1, 1)


def test_a_list_mixing_date_formats_refuses_the_rows_in_the_odd_format(state_body, lister):
    agencies = [AgencyFactory(state="CA") for _ in range(4)]
    day = today() - timedelta(days=10)
    rows = [[a.ori, iso(day), ""] for a in agencies[:3]] + [[agencies[3].ori, f"{day:%m/%d/%Y}", ""]]
    result = upload(state_body, lister, csv_file(rows))
    verdicts = {r.line: r for r in result.bulk_list.rows.all()}
    assert [verdicts[n].verdict for n in (2, 3, 4)] == [RowVerdict.READY] * 3
    odd = verdicts[5]
    assert (odd.verdict, odd.refusal_kind, odd.determination_date) == ("refused", "mixed_date_format", None)
    assert odd.written_date == f"{day:%m/%d/%Y}"
    assert "written MM/DD/YYYY, while 3 other rows (the first on row 2) are written YYYY-MM-DD" in odd.reason


def test_nul_bytes_and_caps(state_body, lister, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    nul = SimpleUploadedFile("list.csv", b"ORI,determination date\r\nCA00\x00001,2025-01-01\r\n")
    row = upload(state_body, lister, nul).bulk_list.rows.get()
    assert row.refusal_kind == "unreadable_cell" and row.ori == "CA00001"
    assert row.reason == "Row 2, column A (ORI) contains a NUL character."
    settings.BULK_LIST_MAX_ROWS = 2
    with pytest.raises(RuleViolation, match="Row 4: a list has at most 2 rows"):
        upload(state_body, lister, csv_file([[f"CA000{i}00", "2025-01-01", ""] for i in range(3)]))
    settings.BULK_LIST_MAX_BYTES = 10
    with pytest.raises(RuleViolation, match="larger than a list may be"):
        upload(state_body, lister, csv_file([["CA0000100", "2025-01-01", ""]]))
    assert BulkList.objects.count() == 1


def test_a_list_of_twenty_thousand_rows_is_read_and_one_more_refused():
    from reporting.parsing import parse_list

    def listing(rows: int) -> bytes:
        lines = ["ORI,determination date,reference"]
        lines += [f"CA{n:07d},2025-06-30,ACC-{n}" for n in range(rows)]
        return ("\r\n".join(lines) + "\r\n").encode()

    assert len(parse_list(listing(20_000), "national.csv").rows) == 20_000
    with pytest.raises(RuleViolation, match="Row 20002: a list has at most 20,000 rows"):
        parse_list(listing(20_001), "national.csv")
