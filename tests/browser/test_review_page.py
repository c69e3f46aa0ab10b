"""The certifier's review page in a real browser: every finding in one submit, the progress line, and
the Approve button that is not yet possible but still reachable, with its reason, by keyboard."""

import pytest
from playwright.sync_api import Page, expect

from credentialing import services
from credentialing.models import Standard, StandardKind
from tests.factories import ApplicationFactory, BodyFactory, CertifierFactory

from .axe import assert_no_violations
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 375}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_certifier_records_every_finding_in_one_submit(
    page: Page, live_server, screenshots_dir, csp_errors, width
):
    body = BodyFactory(name="California Police Accreditation Commission")
    CertifierFactory(credentialing_body=body, username="reviewer")
    application = ApplicationFactory(body=body, under_review=True)
    standards = services.standards_reviewed_by(body.pk)
    law, chokehold = Standard.objects.filter(kind=StandardKind.MANDATORY).order_by("position", "code")
    name = next(k for k, v in WIDTHS.items() if v == width)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/queue/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    # At phone width the table stacks, each cell labelled by its column.
    expect(page.locator("td[data-label='Whose turn']").first).to_have_text("Waiting on us")
    expect(page.locator("td[data-label='Days waiting']").first).to_have_text("1")
    assert_no_violations(page, "review queue")
    page.screenshot(path=str(screenshots_dir / f"review-queue-{name}.png"), full_page=True)
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_text(f"0 of {len(standards)} recorded.")).to_be_visible()
    assert_no_violations(page, "review page, nothing recorded")
    page.screenshot(path=str(screenshots_dir / f"review-page-empty-{name}.png"), full_page=True)

    # Every standard at once: the law met with a note, the chokehold minimum not met.
    page.get_by_role("group", name=f"Finding on {law.title}").get_by_text("Met", exact=True).click()
    page.get_by_label(f"Note on {law.title}").fill("Policy section 3 cites the state code.")
    page.get_by_role("group", name=f"Finding on {chokehold.title}").get_by_text("Not met").click()
    page.get_by_label(f"Note on {chokehold.title}").fill("Allows chokeholds in training only.")
    page.get_by_role("button", name="Save all findings").click()
    expect(page.get_by_text("2 findings recorded.")).to_be_visible()
    expect(page.get_by_text(f"2 of {len(standards)} recorded.")).to_be_visible()
    expect(page.locator("#findings-progress")).to_contain_text(chokehold.title)
    assert application.findings.count() == 2

    # Approve is not possible yet, but focusable: Tab reaches it, it names its reason, and activating
    # it only moves focus to that reason.
    approve = page.get_by_role("link", name="Approve")
    expect(approve).to_have_attribute("aria-disabled", "true")
    expect(approve).to_have_accessible_description(page.locator("#approve-needs").inner_text())
    page.get_by_role("heading", level=2, name="Actions").click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Approve":
            break
    expect(approve).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#approve-needs")).to_be_focused()
    expect(page.locator("#approve-needs")).to_contain_text(chokehold.title)
    assert page.url.endswith("#approve-needs")
    assert_no_violations(page, "review page, findings recorded, approve not yet possible")
    page.screenshot(path=str(screenshots_dir / f"review-page-recorded-{name}.png"), full_page=True)
    assert not csp_errors
