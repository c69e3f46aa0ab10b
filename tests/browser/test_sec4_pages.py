"""Sec. 4 in a real browser at desktop and phone widths, axe-clean at every impact level, with no Content
Security Policy violation: an agency's staff record a program and file a year's figures; a grant officer
reads the Sec. 4 priority column; DOJ reads the national picture."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    ProgramFactory,
    sec4_program,
)

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_agency_staff_record_a_program_and_file_figures(
    page: Page, live_server, screenshots_dir, csp_errors, width
):
    AgencyStaffFactory(username="riverbend", agency=AgencyFactory(name="Riverbend Police Department"))
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, live_server.url, "riverbend")
    page.goto(f"{live_server.url}/")
    if width == "phone":
        page.get_by_role("button", name="Menu").click()
    navigation = page.get_by_role("navigation", name="Primary navigation")
    navigation.get_by_role("link", name="Sec. 4 programs", exact=True).click()
    expect(page.get_by_role("heading", name="Co-responder and community-support programs")).to_be_visible()
    assert_no_violations(page, f"sec4 programs, empty ({width})")
    page.get_by_role("link", name="Record a program").click()
    page.locator("label[for=id_model_0]").click()
    page.get_by_label("Running since").fill("2024-03-04")
    page.get_by_label("Partner organisation").fill("Riverbend Community Mental Health")
    page.locator("#id_partner_1_kind").select_option("mental_health_provider")
    page.get_by_label("Hours covered per week").fill("84")
    page.get_by_label("Share of the jurisdiction covered (%)").fill("120")
    page.get_by_label("Share of sworn officers trained (%)").fill("64")
    page.get_by_label("Name of the training").fill("CIT 40-hour course")
    page.get_by_role("button", name="Record the program").click()
    expect(page.locator(".usa-error-message").first).to_contain_text("from 0 to 100")
    page.screenshot(path=str(screenshots_dir / f"sec4-program-form-error-{width}.png"), full_page=True)
    assert_no_violations(page, f"sec4 program form with an error ({width})")
    page.get_by_label("Share of the jurisdiction covered (%)").fill("100")
    page.get_by_role("button", name="Record the program").click()
    expect(page.get_by_role("heading", name="Co-responder team", level=1)).to_be_visible()
    page.get_by_role("link", name="File a year's figures").click()
    page.get_by_label("Year").fill(str(timezone.localdate().year))
    page.get_by_label("Calls answered jointly").fill("410")
    page.get_by_label("Referrals made").fill("96")
    page.get_by_role("button", name="File the figures").click()
    expect(page.locator(".usa-error-message").first).to_contain_text("has not ended yet")
    assert_no_violations(page, f"sec4 figures form with an error ({width})")
    page.get_by_label("Year").fill(str(timezone.localdate().year - 1))
    page.get_by_role("button", name="File the figures").click()
    expect(page.locator("#yearly-figures")).to_contain_text("410")
    expect(page.locator("#program-versions")).to_contain_text("Version 1")
    assert _fits(page)
    page.screenshot(path=str(screenshots_dir / f"sec4-program-{width}.png"), full_page=True)
    assert_no_violations(page, f"sec4 program page ({width})")
    with page.expect_navigation():  # measured on the list, not on the page being left
        page.get_by_role("link", name="Back to the programs").click()
    assert _fits(page)
    page.screenshot(path=str(screenshots_dir / f"sec4-programs-{width}.png"), full_page=True)
    assert_no_violations(page, f"sec4 programs ({width})")
    assert not csp_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_grant_officer_reads_the_sec4_priority_column(
    page: Page, live_server, screenshots_dir, csp_errors, width
):
    program = ProgramFactory(name="Connect and Protect", sec4_priority=True)
    for n, name in enumerate(["Riverbend Police Department", "Lakeside Police Department", "Ashford PD"]):
        agency = AgencyFactory(name=name, state="WA")
        GrantApplicantFactory(program=program, agency=agency)
        if n == 0:
            sec4_program(agency=agency)
    GrantOfficerFactory(username="officer.sec4")
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, live_server.url, "officer.sec4")
    page.goto(f"{live_server.url}/programs/{program.pk}/applicants/")
    expect(page.locator("#sec4-rule")).to_contain_text("Met when")
    table = page.locator("table.applicants")
    expect(table).to_contain_text("co-responder team with Riverbend Community Mental Health since March 2024")
    page.screenshot(path=str(screenshots_dir / f"sec4-applicants-{width}.png"), full_page=True)
    assert_no_violations(page, f"applicants with the Sec. 4 column ({width})")
    page.get_by_label("Sec. 4 priority", exact=True).select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#count-total")).to_have_text("1")
    page.goto(f"{live_server.url}/programs/{program.pk}/dashboard/")
    expect(page.locator("#sec4-count")).to_contain_text("1 of 3 applicants")
    assert_no_violations(page, f"program dashboard with Sec. 4 ({width})")
    assert not csp_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_doj_reads_the_national_picture(page: Page, live_server, screenshots_dir, csp_errors, width):
    for state in ("WA", "TX", "CA"):
        sec4_program(agency=AgencyFactory(state=state))
    AgencyFactory(state="OR")
    DojAdministratorFactory(username="admin.sec4")
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, live_server.url, "admin.sec4")
    page.goto(f"{live_server.url}/overview/")
    expect(
        page.get_by_role("heading", name="Co-responder and community-support programs (Sec. 4)")
    ).to_be_visible()
    page.locator("#sec4-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / f"sec4-overview-{width}.png"), full_page=True)
    assert_no_violations(page, f"overview with Sec. 4 ({width})")
    assert not csp_errors
