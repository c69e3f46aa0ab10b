"""The public list: open to anyone, only the public fields, a fixed number of queries, cached."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from grants.public import AGENCY_FIELDS, SUMMARY_FIELDS
from grants.services import recompute_all_eligibility
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db

# The whole public set: adding a field to the public list means changing this test on purpose.
PUBLIC_AGENCY_KEYS = [
    "ori",
    "name",
    "state",
    "city",
    "county",
    "agency_type",
    "status",
    "body",
    "valid_through",
]
PUBLIC_SUMMARY_KEYS = ["state", "state_name", "agencies", "subject", "credentialed", "in_process", "share"]
SECRET_HEAD = "Secretive Chiefname"
SECRET_EIN = "987654321"


@pytest.fixture
def texas(db):
    body = BodyFactory(name="Texas Police Chiefs Association")
    made = []
    for n, trait in enumerate(["approved", "submitted", "returned", "denied", None] * 4):
        agency = AgencyFactory(
            state="TX",
            ori=f"TX{n:05d}00",
            name=f"{'Austin' if n % 2 else 'Dallas'} Agency {n:02d}",
            head_name=SECRET_HEAD,
            ein=SECRET_EIN,
        )
        if trait:
            ApplicationFactory(agency=agency, body=body, **{trait: True})
        made.append(agency)
    AgencyFactory(state="CA", ori="CA9999900", agency_type="tribal")
    recompute_all_eligibility()
    return made


def test_public_pages_answer_anonymous_callers(client, texas):
    for name, args in [
        ("public_summary", []),
        ("public_data_dictionary", []),
        ("public_summary_csv", []),
        ("public_summary_json", []),
        ("public_state", ["TX"]),
        ("public_state_csv", ["TX"]),
        ("public_state_json", ["TX"]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert "public" in response["Cache-Control"], name
        assert "max-age=60" in response["Cache-Control"], name
    page = client.get(reverse("public_state", args=["TX"])).content.decode()
    assert "Sign out" not in page and "Primary navigation" not in page


def test_downloads_hold_exactly_the_public_fields(client, texas):
    assert [f.key for f in AGENCY_FIELDS] == PUBLIC_AGENCY_KEYS
    assert [f.key for f in SUMMARY_FIELDS] == PUBLIC_SUMMARY_KEYS
    rows = json.loads(b"".join(client.get(reverse("public_state_json", args=["TX"])).streaming_content))
    assert len(rows) == 12  # approved, submitted, returned: 3 x 4
    for row in rows:
        assert list(row) == PUBLIC_AGENCY_KEYS
        assert row["status"] in ("Credentialed", "In process")
    credentialed = [r for r in rows if r["status"] == "Credentialed"]
    assert credentialed and all(r["valid_through"] for r in credentialed)
    text = b"".join(client.get(reverse("public_state_csv", args=["TX"])).streaming_content).decode()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == [f.header for f in AGENCY_FIELDS] and len(table) == 13
    summary = json.loads(b"".join(client.get(reverse("public_summary_json")).streaming_content))
    assert [list(r) for r in summary] == [PUBLIC_SUMMARY_KEYS] * 2
    texas_row = next(r for r in summary if r["state"] == "TX")
    assert (texas_row["credentialed"], texas_row["in_process"], texas_row["agencies"]) == (4, 8, 20)
    assert texas_row["share"] == 60.0
    everything = text + json.dumps(rows) + client.get(reverse("public_state", args=["TX"])).content.decode()
    for secret in (SECRET_HEAD, SECRET_EIN, "98-7654321", "submitted to", "returned by", "denied"):
        assert secret not in everything, secret


def test_search_and_pages(client, texas, settings):
    response = client.get(reverse("public_state", args=["tx"]), {"q": "  austin  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="count-total">6<' in page  # odd numbers are Austin: 1, 3, 7, 11, 13, 17 count
    assert "Dallas" not in page
    download = client.get(reverse("public_state_json", args=["TX"]), {"q": "austin"})
    assert len(json.loads(b"".join(download.streaming_content))) == 6
    assert client.get(reverse("public_state", args=["TX"]), {"page": "999"}).status_code == 200
    assert client.get(reverse("public_state", args=["ZZ"])).status_code == 404
    too_long = client.get(reverse("public_state", args=["TX"]), {"q": "x" * 101})
    assert too_long.status_code == 400
    assert "at most 100 characters" in too_long.content.decode()
    assert client.get(reverse("public_state", args=["TX"]), {"page": "two"}).status_code == 400


def test_state_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    body = BodyFactory()
    for n in range(130):
        ApplicationFactory(agency=AgencyFactory(state="NY", ori=f"NY{n:05d}00"), body=body, submitted=True)
    recompute_all_eligibility()
    url = reverse("public_state", args=["NY"])
    for page in ("1", "3"):
        cache.clear()
        with django_assert_max_num_queries(2):  # the count and the page
            assert client.get(url, {"page": page}).status_code == 200
        with django_assert_max_num_queries(0):  # then from the cache
            assert client.get(url, {"page": page}).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(1):
        assert client.get(reverse("public_summary")).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(reverse("public_state_json", args=["NY"])).status_code == 200
