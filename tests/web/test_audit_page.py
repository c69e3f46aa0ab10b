"""The DOJ administrator's audit page: entries in words, filters in words, pagination, a fixed number of
queries, a CSV with the machine fields beside the words."""

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.audit import record
from common.models import AuditEntry
from records.models import ProcessStatus
from tests.factories import (
    AgencyStaffFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    RecordFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(world):
    world.doj_admin.first_name, world.doj_admin.last_name = "Dana", "Ruiz"
    world.doj_admin.save()
    other_admin = DojAdministratorFactory(username="secondadmin", first_name="Lee", last_name="Park")
    record(
        actor=world.doj_admin,
        action="body.updated",
        obj=world.body,
        before={"states_served": []},
        after={"states_served": ["CA", "NV"]},
    )
    record(
        actor=other_admin,
        action="agency.updated",
        obj=world.agency,
        before={"agency_type": "local_police"},
        after={"agency_type": "tribal"},
        reason="registry correction",
    )
    record(actor=world.grant_officer, action="program.created", obj=world.program, after={"kind": "formula"})
    return other_admin


def _rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def visible_text(page: str) -> str:
    """What a person reads in the page's main region: no tags, no attributes, spaces collapsed."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main))).strip()


def test_entries_say_who_did_what_to_which_named_thing(as_user, world, trail):
    text = visible_text(as_user(world.doj_admin).get(reverse("audit_list")).content.decode())
    assert f"Dana Ruiz changed the registry entry of {world.body.name}" in text
    assert "States served every state (national) → changed to California, Nevada" in text
    assert f"Lee Park changed the registry entry of {world.agency.name}" in text
    assert "Agency type Local police → changed to Tribal" in text and "Reason: registry correction" in text
    assert f"officer created the grant program {world.program.name}" in text
    assert "3 entries" in text
    # No codes or model labels left for a person to decode.
    for code in ("local_police", "body.updated", "agencies.agency", "credentialing.credentialingbody"):
        assert code not in text


def test_foreign_keys_read_as_names_and_flags_as_yes_or_no(as_user, world, trail):
    person = AgencyStaffFactory(agency=world.other_agency, first_name="Sam", last_name="Lee")
    record(
        actor=world.doj_admin,
        action="user.role_changed",
        obj=person,
        before={"agency": None, "role": "grant_officer"},
        after={"agency": world.agency.pk, "role": "agency_staff"},
    )
    record(
        actor=world.doj_admin,
        action="user.deactivated",
        obj=person,
        before={"is_active": True},
        after={"is_active": False},
    )
    text = visible_text(as_user(world.doj_admin).get(reverse("audit_list")).content.decode())
    assert "Dana Ruiz changed the role or organisation of Sam Lee" in text
    assert f"Agency none → changed to {world.agency.name}" in text
    assert "Role DOJ grant officer → changed to Agency staff" in text
    assert "Dana Ruiz deactivated Sam Lee" in text and "Can sign in Yes → changed to No" in text


def test_a_record_status_correction_names_the_officer_and_the_labels(as_user, world, trail):
    rec = RecordFactory(agency=world.agency, officer_name="J. Smith", process_status=ProcessStatus.FINAL)
    record(
        actor=trail,
        action="sec3_record.status_corrected",
        obj=rec,
        before={"process_status": "under_appeal", "revision": 1},
        after={"process_status": "final", "revision": 2},
        reason="appeal decided",
    )
    record(actor=world.doj_admin, action="mfa.enrolled", obj=world.doj_admin, after={"recovery_codes": 10})
    text = visible_text(as_user(world.doj_admin).get(reverse("audit_list")).content.decode())
    assert (
        "Lee Park changed the status of a Sec. 3 record on officer J. Smith (termination) "
        "from Under appeal to Final" in text
    )
    assert "Dana Ruiz enrolled an authenticator app" in text


def test_the_filters_speak_in_words(as_user, world, trail):
    page = as_user(world.doj_admin).get(reverse("audit_list")).content.decode()
    assert '<option value="secondadmin">Lee Park (secondadmin)</option>' in page
    assert '<option value="agencies.agency">Agency</option>' in page
    assert '<option value="credentialing.credentialingbody">Credentialing body</option>' in page
    assert '<option value="program.created">Grant program created</option>' in page
    assert ">Person</label>" in page and ">Kind of thing</label>" in page and ">What was done</label>" in page
    assert "usa-date-picker" in page


@pytest.mark.parametrize(
    ("params", "actions"),
    [
        ({"actor": "SECONDADMIN"}, {"agency.updated"}),
        ({"object_type": "credentialing.credentialingbody"}, {"body.updated"}),
        ({"action": "program.created"}, {"program.created"}),
        ({"date_from": "2000-01-01", "date_to": "2000-12-31"}, set()),
        ({"date_from": "01/01/2000", "date_to": "12/31/2000"}, set()),
    ],
)
def test_filters_by_person_object_action_and_date(as_user, world, trail, params, actions):
    client = as_user(world.doj_admin)
    response = client.get(reverse("audit_csv"), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert {row["Action"] for row in _rows(response)} == actions
    text = visible_text(client.get(reverse("audit_list"), params).content.decode())
    sentences = {
        "agency.updated": "Lee Park changed the registry entry",
        "body.updated": "Dana Ruiz changed the registry entry",
        "program.created": "officer created the grant program",
    }
    for action, sentence in sentences.items():
        assert (sentence in text) == (action in actions)


def test_the_csv_keeps_the_machine_fields_beside_the_words(as_user, world, trail):
    today = timezone.localdate()
    params = {"date_from": (today - timedelta(days=1)).isoformat(), "date_to": today.isoformat()}
    rows = _rows(as_user(world.doj_admin).get(reverse("audit_csv"), params))
    assert len(rows) == 3
    assert rows[0]["Action"] == "program.created", "newest first"
    oldest = rows[-1]
    assert oldest["Action"] == "body.updated" and oldest["Object type"] == "credentialing.credentialingbody"
    assert oldest["Changes"] == "states served: (empty) -> CA, NV"
    assert oldest["What happened"] == f"Dana Ruiz changed the registry entry of {world.body.name}"
    assert oldest["Changes in words"] == "States served: every state (national) → California, Nevada"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", oldest["When"]), "ISO in downloads"


def test_a_bad_filter_is_an_error_not_a_crash(as_user, world, trail):
    client = as_user(world.doj_admin)
    page = client.get(reverse("audit_list"), {"date_from": "yesterday"})
    assert page.status_code == 200 and "usa-error-message" in page.content.decode()
    assert "No entry matches" in page.content.decode()
    assert client.get(reverse("audit_csv"), {"date_from": "yesterday"}).status_code == 400


def _mixed_entries(world, n: int) -> None:
    """Entries naming people, agencies, bodies, programs, applicants and records, as a busy trail does."""
    officer = GrantOfficerFactory()
    applicant = GrantApplicantFactory(program=world.program)
    rec = RecordFactory(agency=world.agency)
    entries = []
    for i in range(n):
        person = AgencyStaffFactory(agency=world.agency) if i % 10 == 0 else officer
        kind = i % 5
        if kind == 0:
            entries.append(
                AuditEntry(
                    actor=person,
                    actor_label=person.username,
                    action="agency.updated",
                    object_type="agencies.agency",
                    object_id=str(world.agency.pk),
                    before={"state": "CA"},
                    after={"state": "NV"},
                )
            )
        elif kind == 1:
            entries.append(
                AuditEntry(
                    actor=person,
                    actor_label=person.username,
                    action="user.role_changed",
                    object_type="accounts.user",
                    object_id=str(person.pk),
                    before={"agency": None, "credentialing_body": world.body.pk},
                    after={"agency": world.other_agency.pk, "credentialing_body": None},
                )
            )
        elif kind == 2:
            entries.append(
                AuditEntry(
                    actor=person,
                    actor_label=person.username,
                    action="applicant.added",
                    object_type="grants.grantapplicant",
                    object_id=str(applicant.pk),
                    after={"program": world.program.pk, "agency": world.agency.pk},
                )
            )
        elif kind == 3:
            entries.append(
                AuditEntry(
                    actor=person,
                    actor_label=person.username,
                    action="sec3_record.revised",
                    object_type="records.useofforcerecord",
                    object_id=str(rec.pk),
                    before={"agency": world.agency.pk, "action_date": "2025-02-10"},
                    after={"agency": world.agency.pk, "action_date": "2025-03-01"},
                )
            )
        else:
            entries.append(
                AuditEntry(
                    actor=None,
                    actor_label="",
                    action="body.updated",
                    object_type="credentialing.credentialingbody",
                    object_id=str(world.body.pk),
                    before={"is_primary": False},
                    after={"is_primary": True},
                )
            )
    AuditEntry.objects.bulk_create(entries)


def test_the_page_costs_the_same_for_10_or_100_entries(as_user, world, django_assert_max_num_queries):
    client = as_user(world.doj_admin)
    _mixed_entries(world, 10)
    # 20 here: 9 for the signed-in page (session, second-factor device, header), 4 for the filters' choices
    # (kinds, actions, people and their names), 2 for the count and the page, and one per kind of thing
    # named (people, agencies, bodies, programs, applicants, records); a little room for the header.
    with django_assert_max_num_queries(24) as few:
        assert client.get(reverse("audit_list"), {"page_size": 100}).status_code == 200
    _mixed_entries(world, 90)
    with django_assert_max_num_queries(24) as many:
        page = client.get(reverse("audit_list"), {"page_size": 100})
    assert len(few.captured_queries) == len(many.captured_queries)
    text = visible_text(page.content.decode())
    assert "Action date February 10, 2025 → changed to March 1, 2025" in text
    assert (
        "The system changed the registry entry of" in text
        and "Primary body of its state No → changed to Yes" in text
    )
    page = client.get(reverse("audit_list"), {"page_size": 25}).content.decode()
    assert 'aria-current="page">1<' in page and 'aria-label="Page 4"' in page


def test_the_csv_names_rows_in_batches(as_user, world, django_assert_max_num_queries):
    _mixed_entries(world, 30)
    client = as_user(world.doj_admin)
    with django_assert_max_num_queries(25):
        rows = _rows(client.get(reverse("audit_csv")))
    assert len(rows) == 30 and all(row["What happened"] for row in rows)


def test_only_doj_administrators_open_the_trail(as_user, world):
    for person in (world.staff, world.certifier, world.grant_officer):
        client = as_user(person)
        assert client.get(reverse("audit_list")).status_code == 404
        assert client.get(reverse("audit_csv")).status_code == 404
