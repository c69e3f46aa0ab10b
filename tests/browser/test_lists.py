"""The shared lists in a real browser: filters, sorting, an error summary for a refused value, at desktop
and phone widths, each state scanned by axe-core at every impact level."""

import pytest
from playwright.sync_api import Page, expect

from grants.services import recompute_all_eligibility
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    ProgramFactory,
)

from .axe import assert_no_violations
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 375}


@pytest.fixture
def lists(db):
    body = BodyFactory(name="California Police Accreditation Commission", abbreviation="CPAC")
    program = ProgramFactory(name="COPS Hiring Program")
    for n, (name, trait) in enumerate(
        [
            ("Riverbend Police Department", "approved"),
            ("Lakeside Sheriff's Office", "submitted"),
            ("Hillcrest University Police", "returned"),
            ("Bayview Police Department", None),
            ("Oak Valley Police Department", "denied"),
        ]
    ):
        agency = AgencyFactory(name=name, state="CA", ori=f"CA019{n}200")
        if trait:
            ApplicationFactory(agency=agency, body=body, **{trait: True})
        GrantApplicantFactory(program=program, agency=agency, amount_requested=50000 * (n + 1))
    recompute_all_eligibility()
    CertifierFactory(credentialing_body=body, username="reviewer")
    GrantOfficerFactory(username="officer")
    DojAdministratorFactory(username="dojadmin")
    return program


@pytest.mark.parametrize("width", WIDTHS)
def test_lists_filter_sort_and_refuse(page: Page, live_server, lists, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url

    sign_in(page, base, "officer")
    page.goto(f"{base}/programs/{lists.pk}/applicants/?eligible=yes&ordering=-amount")
    expect(page.locator("#count-total")).to_have_text("3")
    expect(page.get_by_role("link", name="Bayview Police Department")).to_have_count(0)
    page.screenshot(path=str(screenshots_dir / f"applicants-filtered-{width}.png"), full_page=True)
    assert_no_violations(page, f"applicants, filtered ({width})")

    page.goto(f"{base}/programs/{lists.pk}/applicants/?eligible=maybe&ordering=cheapest")
    expect(page.get_by_role("heading", name="The list cannot be shown with these filters")).to_be_visible()
    expect(page.get_by_text("Sort by: Choose a sort order from the list")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"applicants-refused-{width}.png"), full_page=True)
    assert_no_violations(page, f"applicants, refused filter ({width})")

    page.goto(f"{base}/eligibility/?eligible=no")
    expect(page.get_by_role("link", name="Bayview Police Department")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"eligibility-{width}.png"), full_page=True)
    assert_no_violations(page, f"eligibility ({width})")

    page.context.clear_cookies()
    sign_in(page, base, "reviewer")
    page.goto(f"{base}/queue/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page.locator("input[name=status][type=checkbox]")).to_have_count(8)
    page.locator("label[for=id_status_0]").click()  # untick "submitted"
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Lakeside Sheriff's Office")).to_have_count(0)
    page.screenshot(path=str(screenshots_dir / f"queue-{width}.png"), full_page=True)
    assert_no_violations(page, f"review queue ({width})")

    page.context.clear_cookies()
    sign_in(page, base, "dojadmin")
    page.goto(f"{base}/bodies/?certification_status=certified")
    suspend = "Suspend certification: California Police Accreditation Commission"
    expect(page.get_by_role("link", name=suspend)).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"bodies-{width}.png"), full_page=True)
    assert_no_violations(page, f"bodies ({width})")
