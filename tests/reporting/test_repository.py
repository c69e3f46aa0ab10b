"""The national repository: on a past day it lists exactly the agencies the history had eligible then;
CSV, XLSX and JSON carry the same rows."""

import csv
import io
import json
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from credentialing.dates import add_months
from grants.models import EligibilityChange
from reporting.selectors import national_repository
from tests.api.conftest import token_client
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory, GrantOfficerFactory

START = date(2024, 1, 1)
BASES = ["credentialed", "in_process", "exempt", "none"]


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


# Per agency: a few (day offset, hour, basis) changes of its flag.
histories = st.lists(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 23), st.sampled_from(BASES)), max_size=4),
    min_size=1,
    max_size=6,
)


class RepositoryMatchesHistory(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(histories=histories, probe=st.integers(-1, 62))
    def test_past_day_equals_the_flags_recorded_then(self, histories, probe):
        body = BodyFactory()
        expected = set()
        day = START + timedelta(days=probe)
        moment = timezone.make_aware(datetime.combine(day, time.max))
        for changes in histories:
            agency = AgencyFactory()
            app = ApplicationFactory(agency=agency, body=body, approved=True)
            last = None
            for offset, hour, basis in sorted(changes):
                changed_at = at(START + timedelta(days=offset), hour)
                EligibilityChange.objects.create(
                    agency=agency,
                    eligible=basis != "none",
                    basis=basis,
                    reason=basis,
                    application=app if basis in ("credentialed", "in_process") else None,
                    changed_at=changed_at,
                )
                if changed_at <= moment:
                    last = basis
            if last not in (None, "none"):
                expected.add(agency.ori)
        rows = list(national_repository(on=day))
        assert {r.ori for r in rows} == expected
        for row in rows:
            assert (row.body_name is not None) == (row.basis in ("credentialed", "in_process"))


@pytest.mark.django_db
def test_csv_xlsx_and_json_have_the_same_rows(body):
    for index in range(5):
        ApplicationFactory(agency=AgencyFactory(state="NY", name=f"Agency {index}"), body=body, approved=True)
    AgencyFactory(tribal=True, state="AZ")
    from grants.services import recompute_all_eligibility

    recompute_all_eligibility()
    api = token_client(GrantOfficerFactory())
    texts = {}
    for fmt in ("csv", "xlsx", "json"):
        response = api.get(reverse(f"v1:repository-{fmt}"))
        assert response.status_code == 200, fmt
        texts[fmt] = b"".join(response.streaming_content) if response.streaming else b"".join(response)
    csv_rows = list(csv.reader(io.StringIO(texts["csv"].decode())))
    sheet = load_workbook(io.BytesIO(texts["xlsx"]), read_only=True).worksheets[0]
    xlsx_rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    records = json.loads(texts["json"])
    json_rows = [["" if v is None else str(v) for v in record.values()] for record in records]
    assert csv_rows[0] == xlsx_rows[0]
    assert list(records[0]) == [
        "ori",
        "agency",
        "agency_type",
        "state",
        "body",
        "basis",
        "determination_date",
        "valid_through",
    ]
    assert csv_rows[1:] == xlsx_rows[1:] == json_rows
    assert len(json_rows) == 6
    credentialed = next(r for r in records if r["basis"] == "credentialed")
    determined = date.fromisoformat(credentialed["determination_date"])
    assert credentialed["valid_through"] == (add_months(determined, 36) - timedelta(days=1)).isoformat()
    exempt = next(r for r in records if r["basis"].startswith("exempt"))
    assert exempt["body"] is None and exempt["determination_date"] is None


@pytest.mark.django_db
def test_the_page_counts_and_refuses_a_bad_day(client, grant_officer, certifier):
    client.force_login(grant_officer)
    page = client.get(reverse("repository"))
    assert page.status_code == 200 and "agencies eligible on" in page.content.decode()
    assert client.get(reverse("repository"), {"on": "yesterday"}).status_code == 400
    assert client.get(reverse("repository_export", args=["pdf"])).status_code == 400
    download = client.get(reverse("repository_export", args=["json"]), {"on": "2024-01-01"})
    assert download.status_code == 200 and download["Content-Disposition"].endswith('2024-01-01.json"')
    client.force_login(certifier)
    assert client.get(reverse("repository")).status_code == 404
