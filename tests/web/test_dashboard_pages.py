"""The program dashboard and the national overview: who opens them, what their counts link to, bad input."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.services import recompute_all_eligibility
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(db):
    body = BodyFactory(name="Texas Police Chiefs Association")
    revoked = BodyFactory(name="Lapsed Commission", certification_status="revoked")
    yesterday = timezone.localdate() - timedelta(days=1)
    program = ProgramFactory(name="COPS Hiring", application_deadline=yesterday)
    traits = ["approved", "submitted", "under_review", "denied", None, "revoked_body", "tribal"]
    for n, trait in enumerate(traits * 3):
        state = ["TX", "CA", "PR"][n % 3]
        kind = "tribal" if trait == "tribal" else "local_police"
        agency = AgencyFactory(state=state, agency_type=kind, ori=f"{state}{n:05d}00")
        if trait == "revoked_body":
            ApplicationFactory(agency=agency, body=revoked, submitted=True)
        elif trait not in (None, "tribal"):
            ApplicationFactory(agency=agency, body=body, **{trait: True})
        GrantApplicantFactory(program=program, agency=agency, amount_requested=1000 * (n + 1))
    recompute_all_eligibility()
    return program


def figures(html: str, attribute: str) -> dict[str, tuple[str, str]]:
    """{figure key: (count, link)} of the elements carrying ``attribute``."""
    found = re.findall(rf'<a class="usa-link[^"]*" href="([^"]+)" {attribute}="([^"]+)">([\d,]+)</a>', html)
    return {key: (count, href.replace("&amp;", "&")) for href, key, count in found}


def test_program_dashboard_counts_link_to_exactly_the_rows_counted(client, grant_officer, program):
    client.force_login(grant_officer)
    response = client.get(reverse("program_dashboard", args=[program.pk]))
    assert response.status_code == 200
    cards = figures(response.content.decode(), "data-figure")
    assert cards["total-0"][0] == "21"
    assert cards["eligible-0"][0] == "12"  # approved, submitted, under review, tribal: 4 x 3
    assert cards["exempt-0"][0] == "3"
    assert cards["not_eligible-0"][0] == "9"
    for key, (count, href) in cards.items():
        listed = client.get(href)
        assert listed.status_code == 200, href
        shown = re.search(r'id="count-total">([\d,]+)<', listed.content.decode()).group(1)
        assert shown == count, (key, href)
    reasons = re.findall(r'href="([^"]+)" data-reason="([^"]+)">([\d,]+)<', response.content.decode())
    assert {html.unescape(label) for _, label, _ in reasons} == {
        "Application denied",
        "No application",
        "Body's AG certification revoked",
    }
    for href, label, count in reasons:
        listed = client.get(href.replace("&amp;", "&"))
        assert re.search(r'id="count-total">([\d,]+)<', listed.content.decode()).group(1) == count, label


def test_program_dashboard_is_for_grant_officers_and_refuses_a_bad_date(client, program, grant_officer):
    url = reverse("program_dashboard", args=[program.pk])
    client.force_login(DojAdministratorFactory())
    assert client.get(url).status_code == 404
    client.force_login(grant_officer)
    response = client.get(url, {"as_of": "yesterday"})
    assert response.status_code == 400
    assert "Enter a date as mm/dd/yyyy (or YYYY-MM-DD)." in response.content.decode()


def test_national_overview_for_both_doj_roles(client, program, grant_officer):
    for user in (grant_officer, DojAdministratorFactory()):
        client.force_login(user)
        response = client.get(reverse("national_overview"))
        assert response.status_code == 200
        page = response.content.decode()
        assert 'role="img"' in page and '<title id="trend-title">' in page
        cards = figures(page, "data-figure")
        assert cards["total-0"][0] == "21"
        for _count, href in cards.values():
            listed = client.get(href)
            assert listed.status_code == 200


def test_program_dashboard_page_costs_the_same_queries_whatever_the_number_of_applicants(
    client, grant_officer
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(grant_officer)
    counted = []
    for size in (2, 25):
        program = ProgramFactory()
        for n in range(size):
            GrantApplicantFactory(
                program=program, agency=AgencyFactory(state="OH", ori=f"OH{size:02d}{n:03d}00")
            )
        cache.clear()
        for as_of in ("", str(timezone.localdate() - timedelta(days=2))):
            with CaptureQueriesContext(connection) as captured:
                assert (
                    client.get(reverse("program_dashboard", args=[program.pk]), {"as_of": as_of}).status_code
                    == 200
                )
            counted.append(len(captured))
    assert counted[:2] == counted[2:], counted


def test_the_overview_says_where_the_trend_starts(client, grant_officer):
    from datetime import timedelta

    from django.utils import timezone

    from grants.models import EligibilityChange

    starts = timezone.localdate() - timedelta(days=20)
    EligibilityChange.objects.create(
        agency=AgencyFactory(ori="CA0000777"),
        eligible=True,
        basis="exempt",
        reason="tribal",
        changed_at=timezone.make_aware(timezone.datetime.combine(starts, timezone.datetime.min.time())),
    )
    client.force_login(grant_officer)
    page = client.get(reverse("national_overview")).content.decode()
    assert "No history before" in page
    assert page.count('data-figure="trend"') == 3  # the weeks from the first change on, none drawn as 0
