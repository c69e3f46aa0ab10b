"""The journeys of agency staff, a certifier and a grant officer, in a real browser, with axe-core scans."""

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from accounts.mfa.selectors import authenticator, usable_code
from accounts.models import User
from accounts.rules import must_use_second_factor
from credentialing.models import CredentialApplication, Standard, StandardKind
from credentialing.states import ApplicationStatus
from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    BodyFactory,
    CertifierFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    ProgramFactory,
)
from tests.mfa import give_authenticator

from .axe import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-1"


def small_pdf() -> bytes:
    """A small, well-formed one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    text = b"BT /F1 18 Tf 72 720 Td (Use-of-force policy) Tj ET"
    objects[3] = b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture
def scene(db):
    agency = AgencyFactory(name="Riverbend Police Department", state="CA", ori="CA0194200")
    body = BodyFactory(name="California Police Accreditation Commission")
    program = ProgramFactory(name="COPS Hiring Program")
    GrantApplicantFactory(program=program, agency=agency, amount_requested=125000)
    GrantApplicantFactory(program=program, agency=AgencyFactory(name="Lakeside Sheriff", state="CA"))
    return {
        "agency": agency,
        "body": body,
        "program": program,
        "staff": AgencyStaffFactory(
            agency=agency, username="riverbend", first_name="Rita", last_name="Reyes"
        ),
        "certifier": CertifierFactory(credentialing_body=body, username="reviewer", first_name="Cal"),
        "officer": GrantOfficerFactory(username="officer", first_name="Grace"),
        "admin": DojAdministratorFactory(username="dojadmin", first_name="Dana"),
    }


def open_from_menu(page: Page, menu: str, link: str) -> None:
    """A page grouped under one of the header's submenus: open the submenu, then follow the link."""
    navigation = page.get_by_role("navigation", name="Primary navigation")
    navigation.get_by_role("button", name=menu, exact=True).click()
    navigation.get_by_role("link", name=link, exact=True).click()


def sign_in(page: Page, base: str, username: str) -> None:
    """The password, then, for people with an authenticator app or a role that needs one (given one
    here, as enrolment would have), the code it would show now."""
    user = User.objects.get(username=username)
    if must_use_second_factor(user):
        give_authenticator(user)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    device = authenticator(user)
    if device is not None:
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        page.get_by_label("Code").fill(usable_code(device))
        page.get_by_role("button", name="Continue").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_credential_journey_to_grant_eligibility(
    page: Page, live_server, scene, tmp_path, screenshots_dir, csp_errors
):
    base = live_server.url
    policy = tmp_path / "use-of-force-policy.pdf"
    policy.write_bytes(small_pdf())
    declaration = tmp_path / "signed-declaration.pdf"
    declaration.write_bytes(small_pdf())

    # --- agency staff: draft, evidence, attestations, submit ---------------------------------
    sign_in(page, base, "riverbend")
    expect(page.get_by_role("heading", name="Riverbend Police Department", level=1)).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "agency-staff-home.png"), full_page=True)
    assert_no_violations(page, "agency dashboard")

    page.get_by_role("link", name="Start a new application").click()
    page.locator("#id_body").select_option(label=scene["body"].name)
    assert_no_violations(page, "new application form")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_text("Draft APP-")).to_be_visible()
    application = CredentialApplication.objects.get(agency=scene["agency"])

    for kind, path in (
        ("Use-of-force policy", policy),
        ("Declaration signed by the head of agency", declaration),
    ):
        page.locator("#id_kind").select_option(label=kind)
        page.set_input_files("#id_file", str(path))
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_text(f"“{path.name}” uploaded")).to_be_visible()

    page.get_by_role("link", name="Continue to the attestations").click()
    page.locator("label[for=id_attests_legal_compliance]").click()
    page.locator("label[for=id_attests_chokehold_prohibition]").click()
    page.get_by_role("button", name="Save and review").click()
    assert_no_violations(page, "review and submit step (draft)")
    page.get_by_role("button", name="Submit to").click()
    expect(page.get_by_text("submitted to California Police Accreditation Commission")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    sign_out(page)

    # --- certifier: start review, both minimums met, approve -----------------------------------
    sign_in(page, base, "reviewer")
    expect(page.get_by_role("heading", name="What needs you now")).to_be_visible()
    page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "certifier-home.png"), full_page=True)
    assert_no_violations(page, "review queue")
    page.get_by_role("link", name=application.reference).click()
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("now under review")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="use-of-force-policy.pdf").click()
    assert download_info.value.suggested_filename == "use-of-force-policy.pdf"
    assert_no_violations(page, "application page (under review, findings forms)")
    page.screenshot(path=str(screenshots_dir / "certifier-application.png"), full_page=True)
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        section = page.locator(f"section[aria-labelledby=standard-{standard.pk}]")
        section.locator(f"label[for=id_std{standard.pk}-outcome_0]").click()
    page.get_by_role("button", name="Save all findings").click()
    expect(page.get_by_text("2 findings recorded.")).to_be_visible()
    page.get_by_role("link", name="Approve").click()
    expect(page.get_by_text("36 months", exact=True)).to_be_visible()
    assert_no_violations(page, "approve page")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text(f"{application.reference} approved")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    sign_out(page)

    # --- grant officer: eligible applicants, CSV download ---------------------------------------
    sign_in(page, base, "officer")
    expect(page.get_by_role("heading", name="Grant programs open for applications")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "grant-officer-home.png"), full_page=True)
    assert_no_violations(page, "grant programs")
    page.get_by_role("link", name="COPS Hiring Program").click()  # the program's dashboard
    page.get_by_role("link", name="All applicants").click()
    page.locator("#id_eligible").select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#count-eligible")).to_have_text("1")
    expect(page.get_by_role("link", name="Riverbend Police Department")).to_be_visible()
    expect(page.get_by_role("link", name="Lakeside Sheriff")).to_have_count(0)
    assert_no_violations(page, "applicants table")
    page.screenshot(path=str(screenshots_dir / "grant-officer-applicants.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these rows (CSV)").click()
    rows = list(csv.reader(io.StringIO(download_info.value.path().read_text(encoding="utf-8"))))
    assert [row[0] for row in rows[1:]] == ["CA0194200"]
    assert rows[1][5] == "eligible" and "credentialed" in rows[1][6]
    page.get_by_role("link", name="Riverbend Police Department").click()
    assert_no_violations(page, "agency page")
    sign_out(page)

    # --- DOJ credentialing administrator ----------------------------------------------------------
    sign_in(page, base, "dojadmin")
    expect(page.get_by_role("heading", name="What needs you now")).to_be_visible()
    open_from_menu(page, "Credentialing", "Credentialing bodies")
    expect(page.get_by_role("heading", name="Credentialing bodies")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "doj-administrator-home.png"), full_page=True)
    assert_no_violations(page, "credentialing bodies")
    page.get_by_role("link", name=f"Suspend certification: {scene['body'].name}").click()
    expect(page.get_by_text("1 agency")).to_be_visible()
    assert_no_violations(page, "certification confirmation")
    open_from_menu(page, "Agencies", "Agency registry")
    assert_no_violations(page, "agency registry")
    page.get_by_role("link", name="Add an agency").click()
    page.get_by_role("button", name="Add agency").click()
    expect(page.locator(".usa-error-message").first).to_be_visible()
    assert_no_violations(page, "agency form with errors")
    open_from_menu(page, "Credentialing", "Standards")
    expect(page.get_by_role("heading", name="Standards catalogue")).to_be_visible()
    assert_no_violations(page, "standards catalogue")
    open_from_menu(page, "Credentialing", "Credentialing bodies")
    page.get_by_role("link", name="Add a credentialing body").click()
    page.get_by_role("button", name="Add body").click()
    expect(page.locator(".usa-error-message").first).to_be_visible()
    assert_no_violations(page, "body form with errors")
    open_from_menu(page, "People", "Audit trail")
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    assert_no_violations(page, "audit trail")

    assert not csp_errors, csp_errors


def test_phone_width_login_page(page: Page, live_server, scene, screenshots_dir, csp_errors):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server.url, "riverbend")
    page.screenshot(path=str(screenshots_dir / "agency-staff-home-phone.png"), full_page=True)
    assert_no_violations(page, "dashboard at phone width")
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert not csp_errors, csp_errors


@pytest.mark.parametrize(
    ("username", "role"),
    [("reviewer", "certifier"), ("officer", "grant-officer"), ("dojadmin", "doj-administrator")],
)
def test_each_role_home_at_phone_width(page: Page, live_server, scene, screenshots_dir, username, role):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server.url, username)
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(screenshots_dir / f"{role}-home-phone.png"), full_page=True)
    assert_no_violations(page, f"{role} home at phone width")
