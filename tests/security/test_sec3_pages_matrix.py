"""Who reaches the Sec. 3 record and report pages: agency staff their own agency's only, certifiers
nothing, DOJ administrators read and correct, grant officers nothing of the records. The rest is a 404."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from records.models import QuarterlyReport, RecordRevision, ReportVersion
from records.quarters import last_complete
from records.services.records import attach_record_document, create_record
from records.services.reports import submit_report
from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    CertifierFactory,
    DojAdministratorFactory,
    GrantOfficerFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

STAFF, CERTIFIER, ADMIN, OFFICER = (
    Role.AGENCY_STAFF,
    Role.CERTIFIER,
    Role.DOJ_ADMINISTRATOR,
    Role.GRANT_OFFICER,
)


@dataclass(frozen=True)
class Row:
    """A page, the object it points at, and per role the status for the staff member's own agency's
    object and for another agency's."""

    url_name: str
    target: str  # "record", "document" or "report"
    expected: dict[str, tuple[int, int]]


NOTHING = (404, 404)
ROWS = [
    Row(
        "sec3_record",
        "record",
        {STAFF: (200, 404), CERTIFIER: NOTHING, ADMIN: (200, 200), OFFICER: NOTHING},
    ),
    Row(
        "sec3_record_revise",
        "record",
        {STAFF: (200, 404), CERTIFIER: NOTHING, ADMIN: NOTHING, OFFICER: NOTHING},
    ),
    Row(
        "sec3_record_attach",
        "record",
        {STAFF: (302, 404), CERTIFIER: NOTHING, ADMIN: NOTHING, OFFICER: NOTHING},
    ),
    Row(
        "sec3_record_correct",
        "record",
        {STAFF: NOTHING, CERTIFIER: NOTHING, ADMIN: (200, 200), OFFICER: NOTHING},
    ),
    Row(
        "sec3_record_document",
        "document",
        {STAFF: (200, 404), CERTIFIER: NOTHING, ADMIN: (200, 200), OFFICER: NOTHING},
    ),
    Row(
        "sec3_report_amend",
        "report",
        {STAFF: (200, 404), CERTIFIER: NOTHING, ADMIN: NOTHING, OFFICER: NOTHING},
    ),
]


def _sec3_of(staff):
    record = create_record(
        actor=staff,
        agency=staff.agency,
        officer_name="Jordan Smith",
        date_of_birth=date(1980, 1, 2),
        kind="termination",
        action_date=date(2025, 2, 10),
        process_status="under_appeal",
    )
    document = attach_record_document(actor=staff, record=record, upload=pdf_upload())
    report = submit_report(
        actor=staff,
        agency=staff.agency,
        quarter=last_complete(timezone.localdate()),
        zero=True,
        signed_by_name="Pat Example",
        signed_by_title="Chief",
    )
    return {"record": record, "document": document, "report": report}


@pytest.fixture
def sec3_world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = AgencyStaffFactory(agency=AgencyFactory(state="CA"), username="ownstaff")
    other = AgencyStaffFactory(agency=AgencyFactory(state="TX"), username="otherstaff")
    users = {
        STAFF: staff,
        CERTIFIER: CertifierFactory(username="certifier"),
        ADMIN: DojAdministratorFactory(username="dojadmin"),
        OFFICER: GrantOfficerFactory(username="officer"),
    }
    return users, _sec3_of(staff), _sec3_of(other)


def test_every_new_page_has_a_row():
    from web.access import URL_ACCESS

    # The two list pages are older and covered by the web access table; every page about one record or
    # one report is here.
    pages = {name for name in URL_ACCESS if name.startswith("sec3_")} - {"sec3_records", "sec3_reports"}
    assert pages == {row.url_name for row in ROWS}
    for row in ROWS:  # and the table agrees with the access vocabulary
        allowed = {role for role, (own, _) in row.expected.items() if own != 404}
        assert allowed == set(URL_ACCESS[row.url_name])


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.url_name)
@pytest.mark.parametrize("role", [STAFF, CERTIFIER, ADMIN, OFFICER])
def test_reading(client, sec3_world, row, role):
    users, own, other = sec3_world
    client.force_login(users[role])
    urls = [reverse(row.url_name, args=[objects[row.target].pk]) for objects in (own, other)]
    statuses = tuple(client.get(url).status_code for url in urls)
    assert statuses == row.expected[role]


WRITES = {
    "sec3_record_revise": lambda: {
        "officer_name": "Jordan Smith",
        "date_of_birth": "1980-01-02",
        "kind": "termination",
        "action_date": "2025-02-10",
        "process_status": "final",
        "reason": "Decided.",
    },
    "sec3_record_attach": lambda: {"file": pdf_upload("more.pdf")},
    "sec3_record_correct": lambda: {"process_status": "final", "reason": "Decided."},
    "sec3_report_amend": lambda: {
        "zero": "yes",
        "signed_by_name": "Sam",
        "signed_by_title": "Deputy",
        "note": "Re-signed.",
    },
}


def _written() -> tuple[int, int, int]:
    from records.models import RecordDocument

    return RecordRevision.objects.count(), RecordDocument.objects.count(), ReportVersion.objects.count()


@pytest.mark.parametrize("row", [r for r in ROWS if r.url_name in WRITES], ids=lambda r: r.url_name)
@pytest.mark.parametrize("role", [STAFF, CERTIFIER, ADMIN, OFFICER])
def test_writing(client, sec3_world, row, role):
    """A write outside the role's scope is a 404 and changes nothing; inside it, it succeeds."""
    users, own, other = sec3_world
    client.force_login(users[role])
    for objects, allowed in ((other, row.expected[role][1]), (own, row.expected[role][0])):
        before = _written()
        response = client.post(reverse(row.url_name, args=[objects[row.target].pk]), WRITES[row.url_name]())
        if allowed == 404:
            assert response.status_code == 404
            assert _written() == before
        else:
            assert response.status_code == 302, response.content.decode()[:500]
            assert _written() != before
    assert QuarterlyReport.objects.count() == 2
