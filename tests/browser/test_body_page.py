"""A credentialing body's page and its suspension in a real browser, at desktop and phone widths: the
agencies that would lose eligibility are named first, the message after counts them; axe-core scans each
state at every impact level."""

import pytest
from playwright.sync_api import Page, expect

from grants.services import recompute_all_eligibility
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory, DojAdministratorFactory

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "California Police Accreditation Commission"


@pytest.fixture
def body(db):
    body = BodyFactory(name=BODY, abbreviation="CPAC", states_served=["CA"], is_primary=True)
    other = BodyFactory(name="Western States Accreditation Board")
    for n, (name, trait) in enumerate(
        [
            ("Riverbend Police Department", "approved"),
            ("Lakeside Sheriff's Office", "submitted"),
            ("Hillcrest University Police", "returned"),
            ("Oak Valley Police Department", "denied"),
        ]
    ):
        ApplicationFactory(
            agency=AgencyFactory(name=name, state="CA", ori=f"CA029{n}300"), body=body, **{trait: True}
        )
    covered = AgencyFactory(name="Bayview Police Department", state="CA", ori="CA0299900")
    ApplicationFactory(agency=covered, body=body, submitted=True)
    ApplicationFactory(agency=covered, body=other, approved=True)
    recompute_all_eligibility()
    DojAdministratorFactory(username="dojadmin")
    return body


@pytest.mark.parametrize("width", WIDTHS)
def test_body_page_and_suspension(page: Page, live_server, body, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    sign_in(page, base, "dojadmin")

    page.goto(f"{base}/bodies/")
    page.get_by_role("link", name=BODY, exact=True).click()
    expect(page.get_by_role("heading", name=f"{BODY} (CPAC)")).to_be_visible()
    expect(page.get_by_role("link", name="Riverbend Police Department")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"body-page-{width}.png"), full_page=True)
    assert_no_violations(page, f"body page ({width})")

    page.get_by_role("link", name="Suspend certification").click()
    expect(page.get_by_text("3 agencies", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Lakeside Sheriff's Office")).to_be_visible()
    expect(page.get_by_role("link", name="Bayview Police Department")).to_have_count(0)
    page.screenshot(path=str(screenshots_dir / f"body-suspend-confirm-{width}.png"), full_page=True)
    assert_no_violations(page, f"suspension confirmation ({width})")

    page.get_by_label("Note").fill("Annual review overdue")
    page.get_by_role("button", name="Confirm: suspend certification").click()
    expect(page.get_by_text("3 agencies lose their eligibility through it")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"body-suspended-{width}.png"), full_page=True)
    assert_no_violations(page, f"after the suspension ({width})")

    page.get_by_role("link", name="See its agencies").click()
    expect(page.get_by_role("cell", name="Annual review overdue")).to_be_visible()
    expect(page.get_by_text("Not eligible").first).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"body-page-suspended-{width}.png"), full_page=True)
    assert_no_violations(page, f"body page, suspended ({width})")
