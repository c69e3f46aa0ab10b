"""The annual reports in a real browser at desktop and phone widths: the certifier's years from the
body's certification on, a late report with its next step, the submit; DOJ's overview filtered by status;
axe-core at every impact level."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from credentialing.dates import today
from reporting.schedule import current_report_year
from tests.factories import BodyFactory, CertifierFactory, DojAdministratorFactory

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bodies():
    slow = BodyFactory(
        name="Texas Police Chiefs Association Foundation", certified_on=today() - timedelta(days=800)
    )
    CertifierFactory(credentialing_body=slow, username="slow")
    BodyFactory(name="Campus Accreditation Board", certified_on=today())
    DojAdministratorFactory(username="dojadmin")
    return slow


@pytest.mark.parametrize("width", WIDTHS)
def test_certifier_sees_a_late_report_and_submits_it(page: Page, live_server, bodies, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    sign_in(page, base, "slow")
    page.goto(f"{base}/annual-reports/")
    expect(page.get_by_role("heading", name="Annual reports")).to_be_visible()
    expect(page.get_by_text("January 31, 2021")).to_have_count(0)
    late = page.get_by_role("link", name="Review the report and submit it now.").first
    expect(late).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"annual-reports-{width}.png"), full_page=True)
    assert_no_violations(page, f"annual reports ({width})")
    late.click()
    expect(page.get_by_text("Next step: Review the report and submit it now.")).to_be_visible()
    page.get_by_role("button", name="Submit the report to DOJ").click()
    expect(page.get_by_text("annual report was submitted to DOJ")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"annual-report-submitted-{width}.png"), full_page=True)
    assert_no_violations(page, f"annual report submitted ({width})")
    page.goto(f"{base}/annual-reports/{current_report_year() - 5}/")
    expect(page.get_by_text("owes no report due January 31")).to_be_visible()
    expect(page.get_by_role("button", name="Submit the report to DOJ")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_doj_overview_filters_by_status(page: Page, live_server, bodies, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    sign_in(page, base, "dojadmin")
    page.goto(f"{base}/annual-reports/all/")
    expect(page.get_by_role("heading", name="Annual reports of the credentialing bodies")).to_be_visible()
    page.get_by_text("Late", exact=True).first.click()
    page.get_by_role("button", name="Apply filters").click()
    table = page.get_by_role("table")
    expect(table.get_by_text("Ask the body's certifiers to submit it.").first).to_be_visible()
    expect(table.get_by_text("Campus Accreditation Board")).to_have_count(0)
    page.screenshot(path=str(screenshots_dir / f"annual-overview-{width}.png"), full_page=True)
    assert_no_violations(page, f"annual report overview ({width})")
