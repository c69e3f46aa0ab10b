"""The web pages and the API answer the same query string with the same rows, in the same order, and
the downloads of the same query are the same file."""

import io
import random
from datetime import timedelta
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from grants.filters import APPLICANT_SORTS, ELIGIBILITY_SORTS

pytestmark = pytest.mark.django_db

COMBINATIONS = 32


def _signed_in(client, user):
    client.force_login(user)
    return client


def _sorts(keys):
    return [k.key for k in keys] + [f"-{k.key}" for k in keys]


def _queries(seed, choices, n=COMBINATIONS):
    """``n`` distinct query strings drawn from ``choices`` ({parameter: [values]}; "" leaves it out)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    queries: list[list[tuple[str, str]]] = []
    while len(queries) < n:
        pairs: list[tuple[str, str]] = []
        for name, values in choices.items():
            value = rng.choice(values)
            if isinstance(value, list):
                pairs += [(name, v) for v in value]
            elif value != "":
                pairs.append((name, str(value)))
        key = urlencode(pairs)
        if key not in seen:
            seen.add(key)
            queries.append(pairs)
    return queries


def _web_ids(client, url, pairs):
    response = client.get(f"{url}?{urlencode(pairs)}")
    assert response.status_code == 200, (url, pairs, response.status_code)
    page = response.context["page_obj"]
    # A page's rows are model instances, or plain values where the page is built from them.
    return [row["id"] if isinstance(row, dict) else row.pk for row in page.object_list], page.paginator.count


def _api_ids(client, url, pairs, id_field="id"):
    response = client.get(f"{url}?{urlencode(pairs)}")
    assert response.status_code == 200, (url, pairs, response.content[:300])
    body = response.json()
    return [row[id_field] for row in body["results"]], body["count"]


def _compare(client, web_url, api_url, queries, id_field="id"):
    compared, sizes = 0, set()
    for pairs in queries:
        web = _web_ids(client, web_url, pairs)
        api = _api_ids(client, api_url, pairs, id_field)
        assert web == api, pairs
        compared += 1
        sizes.add(web[1])
    # The queries must tell rows apart: not every answer the same size (all empty, say).
    assert len(sizes) > 2, sizes
    return compared


def _today():
    # A day after today is refused on every door (common.days): the latest day a reading can ask for.
    return timezone.localdate().isoformat()


def _yesterday():
    return (timezone.localdate() - timedelta(days=1)).isoformat()


def test_applicants(client, country):
    _signed_in(client, country.officer)
    queries = _queries(
        1,
        {
            "eligible": ["", "yes", "no", "true", "0"],
            "eligible_at_deadline": ["", "no", "1"],
            "state": ["", "CA", "TX"],
            "agency_type": ["", "local_police", "sheriff", "tribal"],
            "credentialing_body": ["", country.national.pk, country.texas.pk],
            "as_of": ["", "", _yesterday(), _today()],
            "ordering": ["", *_sorts(APPLICANT_SORTS), "amount_requested", "-agency__name"],
            "page_size": ["", 5, 25],
        },
    )
    web = reverse("program_applicants", args=[country.program.pk])
    api = f"/api/v1/programs/{country.program.pk}/applicants/"
    assert _compare(client, web, api, queries) == COMBINATIONS


def test_eligibility(client, country):
    _signed_in(client, country.admin)
    queries = _queries(
        2,
        {
            "eligible": ["", "yes", "no", "false", "1"],
            "state": ["", "NY", "TX"],
            "agency_type": ["", "university", "tribal"],
            "credentialing_body": ["", country.national.pk],
            "program": ["", country.program.pk],
            "as_of": ["", _yesterday(), _today()],
            "ordering": ["", *_sorts(ELIGIBILITY_SORTS)],
            "page_size": ["", 7, 50],
        },
    )
    assert (
        _compare(client, reverse("eligibility_list"), "/api/v1/eligibility/", queries, "agency")
        == COMBINATIONS
    )


def test_agencies(client, country):
    _signed_in(client, country.admin)
    queries = _queries(
        3,
        {
            "q": ["", "county", "Birch", "CA000"],
            "state": ["", "CA", "TX", "NY"],
            "agency_type": ["", "local_police", "sheriff"],
            "ordering": ["", "name", "-name", "ori", "-state", "type", "-sworn_officers", "agency_type"],
            "page_size": ["", 4, 25],
        },
    )
    assert _compare(client, reverse("agency_list"), "/api/v1/agencies/", queries) == COMBINATIONS


def test_review_queue(client, country):
    _signed_in(client, country.certifier)
    queries = _queries(
        4,
        {
            "status": [
                ["submitted"],
                ["submitted", "under_review", "returned"],
                ["approved", "denied"],
                ["revoked", "withdrawn", "under_review"],
                ["returned"],
            ],
            "state": ["", "CA", "TX"],
            "assigned": ["", "me", "unassigned"],
            "lane": ["", "us", "agency"],
            "ordering": ["waiting", "-waiting", "agency", "-agency", "submitted", "-submitted", "status"],
            "page_size": ["", 3, 25],
        },
    )
    assert _compare(client, reverse("review_queue"), "/api/v1/applications/", queries) == COMBINATIONS


def test_bodies(client, country):
    _signed_in(client, country.admin)
    queries = _queries(
        5,
        {
            "certification_status": ["", "certified", "suspended", "pending"],
            "ordering": ["", "name", "-name", "certification_status", "-certified_on", "certified_on"],
            "page_size": ["", 1, 2, 25],
        },
        n=30,
    )
    assert _compare(client, reverse("body_list"), "/api/v1/bodies/", queries) == 30


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def _xlsx_cells(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "eligible=yes&ordering=-amount",
        "state=TX&ordering=body",
        "as_of=TODAY&eligible=no",
        "ordering=-ori",
    ],
)
def test_applicant_downloads_are_the_same_file_on_the_page_and_the_api(client, country, query):
    query = query.replace("TODAY", _today())
    _signed_in(client, country.officer)
    pk = country.program.pk
    web_csv = _download(client, f"{reverse('program_applicants_csv', args=[pk])}?{query}")
    api_csv = _download(client, f"/api/v1/programs/{pk}/applicants.csv?{query}")
    assert web_csv == api_csv
    lines = web_csv.decode().splitlines()
    rows = client.get(f"/api/v1/programs/{pk}/applicants/?{query}&page_size=500").json()["results"]
    assert [line.split(",")[0] for line in lines[1:]] == [row["ori"] for row in rows]
    web_xlsx = _xlsx_cells(_download(client, f"{reverse('program_applicants_xlsx', args=[pk])}?{query}"))
    api_xlsx = _xlsx_cells(_download(client, f"/api/v1/programs/{pk}/applicants.xlsx?{query}"))
    assert web_xlsx == api_xlsx
    assert list(web_xlsx[0]) == lines[0].split(",")
    assert [row[0] for row in web_xlsx[1:]] == [row["ori"] for row in rows]


@pytest.mark.parametrize("query", ["", "eligible=yes", "state=CA&ordering=-name", "as_of=TODAY"])
def test_eligibility_downloads_are_the_same_file_on_the_page_and_the_api(client, country, query):
    query = query.replace("TODAY", _today())
    _signed_in(client, country.officer)
    assert _download(client, f"{reverse('eligibility_csv')}?{query}") == _download(
        client, f"/api/v1/eligibility.csv?{query}"
    )
    assert _xlsx_cells(_download(client, f"{reverse('eligibility_xlsx')}?{query}")) == _xlsx_cells(
        _download(client, f"/api/v1/eligibility.xlsx?{query}")
    )
