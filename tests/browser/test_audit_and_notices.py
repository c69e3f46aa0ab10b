"""The audit trail in words and a notice whose call to action was done, in a real browser at desktop and
phone widths: axe finds nothing at any impact level, nothing scrolls sideways; screenshots for review."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from accounts.services.people import change_role
from agencies.services import update_agency
from common.audit import record
from credentialing import services
from records.services.records import correct_status, create_record
from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DocumentFactory,
    DojAdministratorFactory,
    GrantOfficerFactory,
)

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_review_page import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trail(smtp_server):
    admin = DojAdministratorFactory(username="dana", first_name="Dana", last_name="Ruiz")
    lee = DojAdministratorFactory(username="lee", first_name="Lee", last_name="Park")
    agency = AgencyFactory(name="Riverbend Police Department", state="CA", ori="CA0194200")
    other = AgencyFactory(name="Lakeside Sheriff's Office", state="CA", ori="CA0194300")
    update_agency(actor=admin, agency=agency, agency_type="tribal", sworn_officers=42)
    clerk = AgencyStaffFactory(username="clerk", agency=agency, first_name="Sam", last_name="Lee")
    change_role(actor=lee, user=clerk, role="agency_staff", agency=other, reason="moved to Lakeside")
    officer = GrantOfficerFactory(username="gina", first_name="Gina", last_name="Moss")
    record(
        actor=officer,
        action="mfa.enrolled",
        obj=officer,
        after={"authenticator": "phone", "recovery_codes": 10},
    )
    keeper = AgencyStaffFactory(username="keeper", agency=agency, first_name="Kim", last_name="Ortiz")
    rec = create_record(
        actor=keeper,
        agency=agency,
        officer_name="J. Smith",
        date_of_birth=date(1980, 5, 17),
        kind="termination",
        action_date=date(2025, 2, 10),
        process_status="under_appeal",
    )
    correct_status(actor=lee, record=rec, process_status="final", reason="The appeal was decided on March 3.")
    return admin


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_audit_trail_in_words(page: Page, live_server, screenshots_dir, csp_errors, trail, width):
    name = next(k for k, v in WIDTHS.items() if v == width)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "dana")
    page.goto(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", name="Audit trail", level=1)).to_be_visible()
    expect(
        page.get_by_text(
            "Lee Park changed the status of a Sec. 3 record on officer J. Smith (termination) "
            "from Under appeal to Final"
        )
    ).to_be_visible()
    expect(page.get_by_text("Gina Moss enrolled an authenticator app")).to_be_visible()
    expect(
        page.get_by_text("Dana Ruiz changed the registry entry of Riverbend Police Department")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scroll"
    assert_no_violations(page, "audit trail in words")
    page.screenshot(path=str(screenshots_dir / f"audit-trail-{name}.png"), full_page=True)

    page.get_by_label("Person").select_option(label="Lee Park (lee)")
    page.get_by_label("Kind of thing").select_option(label="Sec. 3 record")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="1 entry, newest first")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scroll"
    assert_no_violations(page, "audit trail filtered")
    page.screenshot(path=str(screenshots_dir / f"audit-trail-filtered-{name}.png"), full_page=True)
    assert not csp_errors, csp_errors


@pytest.fixture
def decided(smtp_server):
    body = BodyFactory(name="California Police Accreditation Commission", abbreviation="CPAC")
    CertifierFactory(credentialing_body=body, username="reviewer", first_name="Dana", last_name="Reyes")
    staff = AgencyStaffFactory(username="clerk", first_name="Sam", last_name="Lee")
    waiting = ApplicationFactory(agency=staff.agency, body=body, created_by=staff)
    withdrawn = ApplicationFactory(agency=AgencyFactory(name="Lakeside Sheriff's Office"), body=body)
    for application in (waiting, withdrawn):
        DocumentFactory(
            application=application, kind="use_of_force_policy", uploaded_by=application.created_by
        )
        DocumentFactory(
            application=application, kind="signed_declaration", uploaded_by=application.created_by
        )
    services.submit_application(application=waiting, actor=staff)
    services.submit_application(application=withdrawn, actor=withdrawn.created_by)
    services.withdraw_application(
        application=withdrawn, actor=withdrawn.created_by, note="Applying elsewhere."
    )
    return {"waiting": waiting, "withdrawn": withdrawn}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_notices_say_what_became_of_their_call(
    page: Page, live_server, screenshots_dir, csp_errors, decided, width
):
    name = next(k for k, v in WIDTHS.items() if v == width)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/notifications/")
    withdrawn = decided["withdrawn"].reference
    expect(page.get_by_text(f"Nothing to do now: {withdrawn} was withdrawn on")).to_be_visible()
    expect(page.get_by_text("start the review")).to_have_count(1)  # only the one still waiting
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scroll"
    assert_no_violations(page, "notifications with a call to action done")
    page.screenshot(path=str(screenshots_dir / f"notifications-decided-{name}.png"), full_page=True)
    assert not csp_errors, csp_errors
