"""Every filter refuses a value it does not understand: a 400 on the API, a form error on the page, and
never a silently unfiltered list."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

APPLICANTS = [
    ("eligible", ["maybe", "2", "3", "yess"]),
    ("eligible_at_deadline", ["perhaps", "-1"]),
    ("state", ["ZZ", "california"]),
    ("agency_type", ["police", "LOCAL"]),
    ("credentialing_body", ["abc", "0", "99999999999", "1e40"]),
    ("as_of", ["2026-13-01", "soon", "2026-1-1x"]),
    ("ordering", ["bogus", "-", "agency__ein"]),
    ("page_size", ["0", "-5", "many"]),
]
ELIGIBILITY = [
    ("eligible", ["maybe", "2"]),
    ("state", ["ZZ"]),
    ("agency_type", ["nope"]),
    ("credentialing_body", ["x", "-1"]),
    ("program", ["x", "-1", "99999999999"]),
    ("as_of", ["31/12/2026"]),
    ("ordering", ["ein"]),
    ("page_size", ["none"]),
]
AGENCIES = [
    ("state", ["ZZ"]),
    ("agency_type", ["nope"]),
    ("ordering", ["ein", "--name"]),
    ("page_size", ["0"]),
    ("q", ["x" * 201]),
]
QUEUE = [
    ("state", ["ZZ"]),
    ("ordering", ["oldest", "bogus"]),
    ("page_size", ["x"]),
    ("agency", ["x", "0"]),
    ("body", ["99999999999"]),
    ("assigned", ["someone", "1"]),
    ("lane", ["them"]),
]
BODIES = [("certification_status", ["maybe"]), ("ordering", ["abbreviation"]), ("page_size", ["-1"])]
PROGRAMS = [("fiscal_year", ["1999", "abc"]), ("kind", ["grant"]), ("ordering", ["deadline"])]


def _cases(table):
    return [(name, value) for name, values in table for value in values]


def _check(client, web_url, api_url, name, value, extra=None):
    query = {**(extra or {}), name: value}
    api = client.get(api_url, query)
    assert api.status_code == 400, (name, value, api.status_code)
    assert name in api.json()["fields"] if "fields" in api.json() else name in str(api.json())
    web = client.get(web_url, query)
    assert web.status_code == 400, (name, value, web.status_code)
    page = web.content.decode()
    form = web.context["form"]
    assert name in form.errors, (name, value, form.errors)
    # The error summary names the field, whether the page shows it as a field or carries it in its links.
    label = form[name].label
    assert "The list cannot be shown with these filters" in page and f"{label}: " in page
    assert web.context["page_obj"] is None  # no rows at all, rather than every row


@pytest.mark.parametrize(("name", "value"), _cases(APPLICANTS))
def test_applicant_filters(client, country, name, value):
    client.force_login(country.officer)
    pk = country.program.pk
    _check(
        client, reverse("program_applicants", args=[pk]), f"/api/v1/programs/{pk}/applicants/", name, value
    )
    csv = client.get(f"/api/v1/programs/{pk}/applicants.csv", {name: value})
    assert csv.status_code == 400
    assert client.get(reverse("program_applicants_csv", args=[pk]), {name: value}).status_code == 400


@pytest.mark.parametrize(("name", "value"), _cases(ELIGIBILITY))
def test_eligibility_filters(client, country, name, value):
    client.force_login(country.officer)
    _check(client, reverse("eligibility_list"), "/api/v1/eligibility/", name, value)


@pytest.mark.parametrize(("name", "value"), _cases(AGENCIES))
def test_agency_filters(client, country, name, value):
    client.force_login(country.admin)
    _check(client, reverse("agency_list"), "/api/v1/agencies/", name, value)


@pytest.mark.parametrize(("name", "value"), [*_cases(QUEUE), ("status", "draft"), ("status", "pending")])
def test_queue_filters(client, country, name, value):
    client.force_login(country.certifier)
    extra = {} if name == "status" else {"status": ["submitted"]}
    _check(client, reverse("review_queue"), "/api/v1/applications/", name, value, extra)


@pytest.mark.parametrize(("name", "value"), _cases(BODIES))
def test_body_filters(client, country, name, value):
    client.force_login(country.admin)
    _check(client, reverse("body_list"), "/api/v1/bodies/", name, value)


@pytest.mark.parametrize(("name", "value"), _cases(PROGRAMS))
def test_program_filters(client, country, name, value):
    client.force_login(country.officer)
    _check(client, reverse("program_list"), "/api/v1/programs/", name, value)


@pytest.mark.parametrize("spelling", ["1", "yes", "true", "TRUE", "Yes"])
def test_eligible_yes_in_any_accepted_spelling_selects_only_eligible_rows(client, country, spelling):
    client.force_login(country.officer)
    pk = country.program.pk
    rows = client.get(f"/api/v1/programs/{pk}/applicants/?eligible={spelling}&page_size=500").json()[
        "results"
    ]
    assert rows and all(row["eligible"] for row in rows)
    everyone = client.get(f"/api/v1/programs/{pk}/applicants/?page_size=500").json()["count"]
    assert len(rows) < everyone
    csv = b"".join(client.get(f"/api/v1/programs/{pk}/applicants.csv?eligible={spelling}").streaming_content)
    assert "not eligible" not in csv.decode()


@pytest.mark.parametrize("spelling", ["0", "no", "false", "NO"])
def test_eligible_no_in_any_accepted_spelling_selects_only_not_eligible_rows(client, country, spelling):
    client.force_login(country.officer)
    rows = client.get(f"/api/v1/eligibility/?eligible={spelling}&page_size=500").json()["results"]
    assert rows and not any(row["eligible"] for row in rows)


def test_the_suspend_confirmation_counts_each_dependant_agency_once(client, country):
    from credentialing.selectors import agencies_depending_on_body
    from tests.factories import ApplicationFactory

    agency = country.agencies[0]
    # Three applications of one agency to the same body: still one dependant.
    for trait in ("denied", "withdrawn", "revoked"):
        ApplicationFactory(agency=agency, body=country.national, **{trait: True})
    dependants = agencies_depending_on_body(country.national.pk)
    expected = set(country.national.applications.values_list("agency_id", flat=True))
    assert sorted(dependants) == sorted(expected) and len(dependants) == len(expected)
    client.force_login(country.admin)
    page = client.get(reverse("body_certification", args=[country.national.pk, "suspend"])).content.decode()
    assert f"{len(expected)} agencies have an application with it" in page


def test_the_queue_takes_several_statuses_and_shows_them_as_checkboxes(client, country):
    client.force_login(country.certifier)
    response = client.get(reverse("review_queue"), {"status": ["approved", "denied"], "ordering": "waiting"})
    statuses = {row.status for row in response.context["page_obj"].object_list}
    assert statuses == {"approved", "denied"}
    page = response.content.decode()
    assert page.count('type="checkbox" name="status"') == 8  # every status but draft
    assert 'type="radio" name="status"' not in page
