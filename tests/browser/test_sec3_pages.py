"""The hiring check and the public figures in a real browser at desktop and phone widths, axe-clean at
every impact level, with no Content Security Policy violation."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from records.models import ProcessStatus, RecordKind
from tests.factories import AgencyFactory, AgencyStaffFactory, RecordFactory

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def some_records() -> None:
    agencies = [
        AgencyFactory(state=state, sworn_officers=size)
        for state, size in (("WA", 30), ("TX", 300), ("CA", 8))
    ]
    kinds = list(RecordKind.values)
    for n in range(140):
        RecordFactory(
            agency=agencies[n % 3],
            kind=kinds[n % 5] if n % 4 else RecordKind.TERMINATION,
            action_date=date(2021 + n % 5, 1 + n % 12, 5),
            process_status=ProcessStatus.FINAL if n % 9 else ProcessStatus.UNDER_APPEAL,
        )
    RecordFactory(
        agency=agencies[0],
        officer_name="Jordan Alexander Smith",
        date_of_birth=date(1984, 9, 12),
        kind=RecordKind.DECERTIFICATION,
        action_date=date(2024, 3, 9),
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_hiring_check_page(page: Page, live_server, screenshots_dir, csp_errors, width):
    some_records()
    AgencyStaffFactory(username="checker", agency=AgencyFactory(state="OR"))
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, live_server.url, "checker")
    page.goto(f"{live_server.url}/sec3/check/")
    expect(page.get_by_role("heading", name="Hiring check", level=1)).to_be_visible()
    page.get_by_label("Candidate's full name").fill("Jordan Smith")
    page.get_by_label("Date of birth").fill("1984-09-12")
    page.get_by_label("Purpose of the check").fill("Pre-employment check, patrol officer")
    page.get_by_role("button", name="Check the candidate").click()
    expect(page.locator("p[role=status]")).to_contain_text("1 possible match")
    expect(page.get_by_role("table", name="Possible matches")).to_contain_text("De-certification")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(screenshots_dir / f"sec3-hiring-check-{width}.png"), full_page=True)
    assert_no_violations(page, f"hiring check ({width})")
    assert not csp_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_public_figures_page(page: Page, live_server, screenshots_dir, csp_errors, width):
    some_records()
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(f"{live_server.url}/figures/")
    expect(page.get_by_role("heading", name="Use-of-force records: public figures")).to_be_visible()
    expect(page.get_by_role("img", name="Final records per year of the action")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"sec3-public-figures-{width}.png"), full_page=True)
    assert_no_violations(page, f"public figures ({width})")
    assert not csp_errors
