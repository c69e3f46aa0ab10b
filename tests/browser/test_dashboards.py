"""The dashboards and the public list in a real browser at desktop and phone widths: the charts are there
with their text alternative, nothing scrolls sideways, no CSP complaint, axe-core clean at every level."""

import pytest
from playwright.sync_api import Page, expect

from grants.services import recompute_all_eligibility
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    ProgramFactory,
)

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country(db):
    texas = BodyFactory(name="Texas Police Chiefs Association Foundation")
    california = BodyFactory(name="California Commission on Peace Officer Standards and Training")
    lapsed = BodyFactory(name="Lapsed Accreditation Commission", certification_status="revoked")
    program = ProgramFactory(name="COPS Hiring Program")
    traits = ["approved", "submitted", "under_review", "approved", None, "denied", "lapsed"]
    for n, state in enumerate(["TX", "CA", "NY", "FL", "PR", "GU", "WA", "OH", "GA", "AZ"] * 4):
        trait = traits[n % len(traits)]
        agency = AgencyFactory(
            name=f"{['Riverbend', 'Lakeside', 'Hillcrest', 'Bayview'][n % 4]} Police Department {n}",
            state=state,
            ori=f"{state}{n:05d}00",
            city=f"City {n}",
        )
        body = texas if n % 2 else california
        if trait == "lapsed":
            ApplicationFactory(agency=agency, body=lapsed, submitted=True)
        elif trait:
            ApplicationFactory(agency=agency, body=body, **{trait: True})
        GrantApplicantFactory(program=program, agency=agency, amount_requested=25000 * (n + 1))
    AgencyFactory(name="Red Lake Nation Police", state="MN", ori="MN0000100", agency_type="tribal")
    recompute_all_eligibility()
    GrantOfficerFactory(username="officer")
    DojAdministratorFactory(username="dojadmin")
    return program


def look(page: Page, what: str, shot, csp_errors: list[str]) -> None:
    shot()
    assert not page.eval_on_selector("html", "e => e.scrollWidth > e.clientWidth"), f"{what} scrolls sideways"
    assert_no_violations(page, what)
    assert not csp_errors, csp_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboards_and_public_pages(page: Page, live_server, country, screenshots_dir, csp_errors, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url

    def shot(name: str):
        return lambda: page.screenshot(path=str(screenshots_dir / f"{name}-{width}.png"), full_page=True)

    page.goto(f"{base}/credentialed/")
    expect(
        page.get_by_role("img", name="Share of agencies credentialed or in process, by state")
    ).to_be_visible()
    if width == "phone":  # the public navigation and the way to sign in are in the mobile menu
        page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    if width == "phone":
        page.get_by_role("button", name="Close").click()
    look(page, f"public summary ({width})", shot("public-summary"), csp_errors)

    page.get_by_role("link", name="Texas").click()
    expect(page.get_by_role("heading", name="Agencies credentialed or in process in Texas")).to_be_visible()
    page.get_by_label("Search by agency name, city or county").fill("Riverbend")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#count-total")).to_have_text("1")
    page.goto(f"{base}/credentialed/TX/")
    look(page, f"public state page ({width})", shot("public-state"), csp_errors)

    page.goto(f"{base}/credentialed/data-dictionary/")
    look(page, f"data dictionary ({width})", shot("public-data-dictionary"), csp_errors)

    sign_in(page, base, "officer")
    page.goto(f"{base}/programs/{country.pk}/dashboard/")
    expect(
        page.get_by_role("img", name="Share of COPS Hiring Program applicants eligible, by state")
    ).to_be_visible()
    expect(page.locator('[data-figure="total-0"]')).to_have_text("40")
    look(page, f"program dashboard ({width})", shot("program-dashboard"), csp_errors)
    # the figure is a link to the list it counts: the list shows as many applicants
    not_eligible = page.locator('[data-figure="not_eligible-0"]')
    counted = not_eligible.inner_text()
    assert counted != "0"
    not_eligible.click()
    expect(page.locator("#count-total")).to_have_text(counted)

    page.goto(f"{base}/overview/")
    expect(page.get_by_role("img", name="Agencies eligible, week by week")).to_be_visible()
    page.get_by_text("The trend as a table").click()
    look(page, f"national overview ({width})", shot("national-overview"), csp_errors)
