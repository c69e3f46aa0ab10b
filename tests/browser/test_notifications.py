"""The notification list, the workbench queue and a notification e-mail in a real browser, at desktop and
phone widths: axe finds nothing at any impact level; screenshots for review."""

import pytest
from playwright.sync_api import Page, expect

from credentialing import services
from tests.factories import (
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DocumentFactory,
)

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_review_page import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(smtp_server):
    body = BodyFactory(name="California Police Accreditation Commission", abbreviation="CPAC")
    reviewer = CertifierFactory(
        credentialing_body=body, username="reviewer", first_name="Dana", last_name="Reyes"
    )
    CertifierFactory(credentialing_body=body, first_name="Robin", last_name="Okafor")
    staff = AgencyStaffFactory(username="clerk", first_name="Sam", last_name="Lee")
    draft = ApplicationFactory(agency=staff.agency, body=body, created_by=staff)
    DocumentFactory(application=draft, kind="use_of_force_policy", uploaded_by=staff)
    DocumentFactory(application=draft, kind="signed_declaration", uploaded_by=staff)
    services.submit_application(application=draft, actor=staff)
    services.start_review(application=draft, actor=reviewer)
    services.return_application(
        application=draft, actor=reviewer, note="Attach the signed declaration on agency letterhead."
    )
    mine = ApplicationFactory(body=body, submitted=True)
    services.assign_application(application=mine, actor=reviewer, assignee=reviewer)
    ApplicationFactory(body=body, submitted=True)
    return {"staff": staff, "reviewer": reviewer, "application": draft, "mail": smtp_server}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_notification_list_and_email(page: Page, live_server, screenshots_dir, csp_errors, world, width):
    name = next(k for k, v in WIDTHS.items() if v == width)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_text("Attach the signed declaration on agency letterhead.")).to_be_visible()
    assert_no_violations(page, "notification list")
    page.screenshot(path=str(screenshots_dir / f"notifications-{name}.png"), full_page=True)
    page.get_by_role("button", name="Mark all 2 as read").click()
    expect(page.get_by_text("2 notifications marked as read.")).to_be_visible()
    assert_no_violations(page, "notification list, all read")

    page.goto(f"{live_server.url}/notifications/email/")
    assert_no_violations(page, "e-mail preferences")

    # The optional eligibility e-mail (with its unsubscribe footer) as a mail client would show it.
    staff = world["staff"]
    email = next(m for m in world["mail"].messages if m["To"] == staff.email and "eligible" in m["Subject"])
    html = email.get_body(preferencelist=("html",)).get_content()
    assert not csp_errors
    # A blank page of its own: the e-mail's inline styles are for mail clients, not under the site's CSP.
    reader = page.context.new_page()
    reader.set_viewport_size({"width": width, "height": 900})
    reader.set_content(html)
    expect(reader.get_by_role("heading", name=email["Subject"])).to_be_visible()
    assert_no_violations(reader, "notification e-mail")
    reader.screenshot(path=str(screenshots_dir / f"notification-email-{name}.png"), full_page=True)
    reader.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_workbench_queue_and_panel(page: Page, live_server, screenshots_dir, csp_errors, world, width):
    name = next(k for k, v in WIDTHS.items() if v == width)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/queue/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page.locator("td[data-label='Assigned to']").filter(has_text="Dana Reyes")).to_have_count(1)
    assert_no_violations(page, "review queue with assignments")
    page.screenshot(path=str(screenshots_dir / f"workbench-queue-{name}.png"), full_page=True)
    page.get_by_role("link", name="Unassigned, waiting on us").click()
    expect(page.locator("td[data-label='Assigned to']").filter(has_text="Dana Reyes")).to_have_count(0)
    assert_no_violations(page, "unassigned queue")

    page.goto(f"{live_server.url}/applications/{world['application'].pk}/")
    page.get_by_label("Internal note").fill("Chief's office says the letterhead copy is coming Friday.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Internal note added.")).to_be_visible()
    page.get_by_label("Assigned to").select_option(label="Dana Reyes")
    page.get_by_role("button", name="Save assignment").click()
    expect(page.get_by_text(f"{world['application'].reference} is assigned to Dana Reyes.")).to_be_visible()
    assert_no_violations(page, "application page with the workbench")
    page.locator("section.workbench").screenshot(path=str(screenshots_dir / f"workbench-panel-{name}.png"))
    assert not csp_errors
