"""The guided application in a real browser, at desktop and phone widths: the step indicator, the
checklist, Submit opening only once everything is there, the error summary taking focus, and deleting a
draft. axe-core scans each state (empty, error, filled) at every impact level."""

import pytest
from playwright.sync_api import Page, expect

from credentialing.models import CredentialApplication
from credentialing.states import ApplicationStatus
from tests.factories import AgencyFactory, AgencyStaffFactory, BodyFactory

from .axe import assert_no_violations
from .test_journeys import sign_in, small_pdf
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "California Police Accreditation Commission"


@pytest.fixture
def agency(db):
    agency = AgencyFactory(name="Riverbend Police Department", state="CA", ori="CA0194200")
    BodyFactory(name=BODY)
    AgencyStaffFactory(agency=agency, username="riverbend", first_name="Rita", last_name="Reyes")
    return agency


def shot(page: Page, screenshots_dir, name: str, width: str) -> None:
    page.screenshot(path=str(screenshots_dir / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_guided_application_from_draft_to_submission(
    page: Page, live_server, agency, tmp_path, screenshots_dir, csp_errors, width
):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    policy = tmp_path / "use-of-force-policy.pdf"
    policy.write_bytes(small_pdf())
    sign_in(page, base, "riverbend")

    # Step 1, the details: an empty submission shows the error summary, focused, and says so in the title.
    page.goto(f"{base}/applications/new/")
    expect(page.locator(".usa-step-indicator__current-step")).to_have_text("1")
    assert_no_violations(page, f"details step, empty ({width})")
    page.get_by_role("button", name="Create draft and continue").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Credentialing body: Choose the credentialing body.")
    ).to_be_visible()
    assert page.title().startswith("Error: ")
    shot(page, screenshots_dir, "application-details-error", width)
    assert_no_violations(page, f"details step, error ({width})")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_body")).to_be_focused()

    page.locator("#id_body").select_option(label=BODY)
    page.get_by_role("button", name="Create draft and continue").click()

    # Step 2, the evidence, with the checklist naming all four missing things.
    expect(page.locator(".usa-step-indicator__current-step")).to_have_text("2")
    expect(page.locator(".checklist__missing")).to_have_count(4)
    assert not page.title().startswith("Error")
    shot(page, screenshots_dir, "application-evidence", width)
    assert_no_violations(page, f"evidence step ({width})")
    page.locator("#id_kind").select_option(label="Use-of-force policy")
    page.set_input_files("#id_file", str(policy))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("“use-of-force-policy.pdf” uploaded")).to_be_visible()
    expect(page.locator(".checklist__missing")).to_have_count(3)

    # The review page before everything is there: Submit stays focusable, marked disabled, tied to why.
    page.get_by_role("link", name="Go to review and submit", exact=True).click()
    submit = page.get_by_role("button", name=f"Submit to {BODY}")
    expect(submit).to_have_attribute("aria-disabled", "true")
    submit.focus()
    expect(submit).to_be_focused()
    submit.press("Enter")  # a button of type "button": nothing is sent
    application = CredentialApplication.objects.get(agency=agency)
    assert application.status == ApplicationStatus.DRAFT
    shot(page, screenshots_dir, "application-review-incomplete", width)
    assert_no_violations(page, f"review step, incomplete ({width})")

    # The last document and the attestations: the checklist empties and Submit opens.
    page.get_by_role("link", name="The declaration signed by the head of agency").click()
    page.locator("#id_kind").select_option(label="Declaration signed by the head of agency")
    page.set_input_files("#id_file", str(policy))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("link", name="Continue to the attestations").click()
    expect(page.locator(".usa-step-indicator__current-step")).to_have_text("3")
    assert_no_violations(page, f"attestations step ({width})")
    page.locator("label[for=id_attests_legal_compliance]").click()
    page.locator("label[for=id_attests_chokehold_prohibition]").click()
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_role("heading", name="Ready to submit")).to_be_visible()
    expect(page.locator(".checklist__missing")).to_have_count(0)
    submit = page.get_by_role("button", name=f"Submit to {BODY}")
    expect(submit).not_to_have_attribute("aria-disabled", "true")
    shot(page, screenshots_dir, "application-review-ready", width)
    assert_no_violations(page, f"review step, ready ({width})")
    submit.click()
    expect(page.get_by_text(f"submitted to {BODY}")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # Submitted: withdrawn, never deleted.
    expect(page.get_by_role("link", name="Withdraw")).to_be_visible()
    expect(page.get_by_role("link", name="Delete draft")).to_have_count(0)
    assert not csp_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_delete_a_draft(page: Page, live_server, agency, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    sign_in(page, base, "riverbend")
    page.goto(f"{base}/applications/new/")
    page.locator("#id_body").select_option(label=BODY)
    page.get_by_role("button", name="Create draft and continue").click()
    application = CredentialApplication.objects.get(agency=agency)
    page.get_by_role("link", name="Go to review and submit", exact=True).click()
    expect(page.get_by_role("link", name="Withdraw")).to_have_count(0)
    page.get_by_role("link", name="Delete draft").click()
    expect(page.get_by_text("This draft was never submitted.")).to_be_visible()
    shot(page, screenshots_dir, "application-delete-draft", width)
    assert_no_violations(page, f"delete draft confirmation ({width})")
    page.get_by_role("button", name="Delete draft").click()
    expect(page.get_by_text(f"{application.reference} deleted.")).to_be_visible()
    expect(page.get_by_role("link", name=application.reference)).to_have_count(0)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DELETED
