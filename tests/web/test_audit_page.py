"""The DOJ administrator's audit page: filters, pagination, a fixed number of queries, CSV download."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.audit import record
from common.models import AuditEntry
from tests.factories import DojAdministratorFactory, GrantOfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(world):
    other_admin = DojAdministratorFactory(username="secondadmin")
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


def test_entries_read_before_and_after(as_user, world, trail):
    page = as_user(world.doj_admin).get(reverse("audit_list")).content.decode()
    assert "states served</strong>: (empty) → CA, NV" in page
    assert "agency type</strong>: local_police → tribal" in page and "registry correction" in page
    assert "3 entries" in page


@pytest.mark.parametrize(
    ("params", "actions"),
    [
        ({"actor": "SECONDADMIN"}, {"agency.updated"}),
        ({"object_type": "credentialing.credentialingbody"}, {"body.updated"}),
        ({"action": "program.created"}, {"program.created"}),
        ({"date_from": "2000-01-01", "date_to": "2000-12-31"}, set()),
    ],
)
def test_filters_by_person_object_action_and_date(as_user, world, trail, params, actions):
    client = as_user(world.doj_admin)
    response = client.get(reverse("audit_csv"), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert {row["Action"] for row in _rows(response)} == actions
    page = client.get(reverse("audit_list"), params).content.decode()
    for action in {"agency.updated", "body.updated", "program.created"}:
        assert (f"<code>{action}</code>" in page) == (action in actions)


def test_date_range_includes_today(as_user, world, trail):
    today = timezone.localdate()
    params = {"date_from": (today - timedelta(days=1)).isoformat(), "date_to": today.isoformat()}
    rows = _rows(as_user(world.doj_admin).get(reverse("audit_csv"), params))
    assert len(rows) == 3
    assert rows[0]["Action"] == "program.created", "newest first"
    assert rows[-1]["Changes"] == "states served: (empty) -> CA, NV"


def test_a_bad_filter_is_an_error_not_a_crash(as_user, world, trail):
    client = as_user(world.doj_admin)
    page = client.get(reverse("audit_list"), {"date_from": "yesterday"})
    assert page.status_code == 200 and "usa-error-message" in page.content.decode()
    assert "No entry matches" in page.content.decode()
    assert client.get(reverse("audit_csv"), {"date_from": "yesterday"}).status_code == 400


def test_the_page_costs_the_same_for_10_or_100_entries(as_user, world, django_assert_max_num_queries):
    client = as_user(world.doj_admin)
    officer = GrantOfficerFactory(username="busyofficer")

    def add(n):
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=officer, actor_label=officer.username, action="program.updated", object_type="x"
                )
                for _ in range(n)
            ]
        )

    add(10)
    # 9 with the session's second-factor device read, which every page of this role costs, + 1 for the
    # header's unread notification count.
    with django_assert_max_num_queries(10) as few:
        assert client.get(reverse("audit_list"), {"page_size": 100}).status_code == 200
    add(90)
    with django_assert_max_num_queries(10) as many:
        assert client.get(reverse("audit_list"), {"page_size": 100}).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
    page = client.get(reverse("audit_list"), {"page_size": 25}).content.decode()
    assert 'aria-current="page">1<' in page and 'aria-label="Page 4"' in page


def test_only_doj_administrators_open_the_trail(as_user, world):
    for person in (world.staff, world.certifier, world.grant_officer):
        client = as_user(person)
        assert client.get(reverse("audit_list")).status_code == 404
        assert client.get(reverse("audit_csv")).status_code == 404
