"""A day after today, wherever a reading of the record takes a day (``as_of``, ``on``), is refused with
the same words on every door; today is answered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import token_client
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

WEB = [
    ("repository", "on", False),
    ("repository_export", "on", "csv"),
    ("repository_export", "on", "xlsx"),
    ("repository_export", "on", "json"),
    ("eligibility_list", "as_of", False),
    ("eligibility_csv", "as_of", False),
    ("eligibility_xlsx", "as_of", False),
    ("national_overview", "as_of", False),
    ("program_dashboard", "as_of", True),
    ("program_applicants", "as_of", True),
    ("program_applicants_csv", "as_of", True),
    ("program_applicants_xlsx", "as_of", True),
]
API = [
    ("v1:repository-json", "on", False),
    ("v1:repository-csv", "on", False),
    ("v1:repository-xlsx", "on", False),
    ("v1:eligibility-list", "as_of", False),
    ("v1:eligibility-csv", "as_of", False),
    ("v1:eligibility-xlsx", "as_of", False),
    ("v1:program-applicants", "as_of", True),
    ("v1:program-applicants-csv", "as_of", True),
    ("v1:program-applicants-xlsx", "as_of", True),
]


def _url(name: str, arg, program) -> str:
    if arg is True:
        return reverse(name, args=[program.pk])
    if arg:
        return reverse(name, args=[arg])
    return reverse(name)


@pytest.fixture
def program(db):
    return ProgramFactory()


@pytest.mark.parametrize(("name", "param", "arg"), WEB, ids=[f"{n}-{a}" for n, _, a in WEB])
def test_pages_refuse_a_day_after_today(client, grant_officer, program, name, param, arg):
    client.force_login(grant_officer)
    url = _url(name, arg, program)
    tomorrow = timezone.localdate() + timedelta(days=1)
    refused = client.get(url, {param: tomorrow.isoformat()})
    assert refused.status_code == 400
    assert f"{tomorrow:%Y-%m-%d} is after today" in refused.content.decode()
    assert client.get(url, {param: timezone.localdate().isoformat()}).status_code == 200


@pytest.mark.parametrize(("name", "param", "arg"), API, ids=[n for n, _, _ in API])
def test_api_refuses_a_day_after_today(grant_officer, program, name, param, arg):
    api = token_client(grant_officer)
    url = _url(name, arg, program)
    later = timezone.localdate() + timedelta(days=400)
    refused = api.get(url, {param: later.isoformat()}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["errors"][param] == [
        f"{later:%Y-%m-%d} is after today ({timezone.localdate():%Y-%m-%d}): the record can be read as "
        "of today or an earlier day, not a day still to come."
    ]
    assert api.get(url, {param: timezone.localdate().isoformat()}).status_code == 200
