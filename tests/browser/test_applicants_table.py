"""The grant officer's applicants table in a real browser: it fits 1280 px without sideways scrolling,
says eligibility in words, marks the sorted column, numbers its pages, and the CSV import lists every
problem by line; each state at desktop and phone widths, scanned by axe-core at every impact level."""

import pytest
from playwright.sync_api import Page, expect

from grants.services import recompute_all_eligibility
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    ProgramFactory,
)

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def program(db):
    body = BodyFactory(name="Commission on Accreditation for Law Enforcement Agencies of California")
    program = ProgramFactory(name="COPS Hiring Program")
    for n, trait in enumerate(["approved", "submitted", "returned", "denied", None] * 12):
        agency = AgencyFactory(
            name=f"Consolidated Metropolitan Police Department of North Riverbend County {n}",
            state="CA",
            ori=f"CA01{n:03d}00",
        )
        if trait:
            ApplicationFactory(agency=agency, body=body, **{trait: True})
        GrantApplicantFactory(program=program, agency=agency, amount_requested=125000 * (n + 1))
    recompute_all_eligibility()
    GrantOfficerFactory(username="officer")
    return program


def scrolls_sideways(page: Page, selector: str) -> bool:
    return page.eval_on_selector(selector, "e => e.scrollWidth > e.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_applicants_table_fits_and_explains_itself(page: Page, live_server, program, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    sign_in(page, base, "officer")

    page.goto(f"{base}/programs/{program.pk}/applicants/?page_size=25&ordering=-amount")
    assert not scrolls_sideways(page, "#applicants-scroll"), "the table scrolls sideways"
    assert not scrolls_sideways(page, "html"), "the page scrolls sideways"
    expect(page.locator(".counts")).to_contain_text("Showing 25 of 60 applicants:")
    expect(page.locator("#count-eligible")).to_have_text("36")  # approved, submitted and returned: in process
    expect(page.locator("#count-not-eligible")).to_have_text("24")
    expect(page.locator("tbody .usa-tag", has_text="Not eligible").first).to_be_visible()
    expect(page.locator("#deadline-hint")).to_contain_text("end of the application deadline day")
    sorted_header = page.locator('th[aria-sort="descending"]')
    expect(sorted_header).to_contain_text("Amount requested")
    arrow = sorted_header.locator("a").evaluate("a => getComputedStyle(a, '::after').content")
    assert "▼" in arrow
    pagination = page.get_by_role("navigation", name="Pagination, page 1 of 3")
    expect(pagination.locator('[aria-current="page"]')).to_have_text("1")
    page.screenshot(path=str(screenshots_dir / f"applicants-table-{width}.png"), full_page=True)
    assert_no_violations(page, f"applicants table ({width})")

    pagination.get_by_role("link", name="Page 3").click()
    expect(page).to_have_url(f"{base}/programs/{program.pk}/applicants/?page_size=25&ordering=-amount&page=3")
    expect(page.locator(".counts")).to_contain_text("Showing 10 of 60 applicants:")
    assert not scrolls_sideways(page, "#applicants-scroll")
    page.screenshot(path=str(screenshots_dir / f"applicants-table-page-3-{width}.png"), full_page=True)
    assert_no_violations(page, f"applicants table, last page ({width})")

    page.goto(f"{base}/programs/{program.pk}/applicants/import/")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "applicants.csv",
                "mimeType": "text/csv",
                "buffer": b"ORI,amount\nCA0100000,100\n,abc\nNY9999999,-5\n",
            }
        ],
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#id_file-error")).to_contain_text("Nothing was imported: 2 rows need correcting")
    # The error summary at the top links to the field and has the keyboard focus.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.get_by_text("Line 3: The ORI is empty.")).to_be_visible()
    expect(page.get_by_text("Line 4: No agency has the ORI NY9999999.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the template (CSV)")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"applicants-import-errors-{width}.png"), full_page=True)
    assert_no_violations(page, f"applicant import with errors ({width})")
