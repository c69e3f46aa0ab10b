"""A certifier sets up an authenticator app, signs in with a code, then once with a recovery code."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from accounts.mfa.selectors import authenticator, usable_code
from accounts.models import User
from tests.factories import BodyFactory, CertifierFactory

from .axe import assert_no_violations
from .test_journeys import PASSWORD, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 720}


def code_from(secret: str) -> str:
    """What an authenticator app shows for the key typed in from the page."""
    compact = "".join(secret.split())
    key = b32decode(compact + "=" * (-len(compact) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def both_widths(page: Page, screenshots_dir, name: str, what: str) -> None:
    for label, size in (("", DESKTOP), ("-phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(screenshots_dir / f"{name}{label}.png"), full_page=True)
        assert_no_violations(page, f"{what} at {size['width']} px")
    page.set_viewport_size(DESKTOP)


def password_step(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_certifier_enrols_signs_in_with_a_code_and_with_a_recovery_code(
    page: Page, live_server, screenshots_dir, csp_errors
):
    base = live_server.url
    CertifierFactory(credentialing_body=BodyFactory(name="Ohio Accreditation Board"), username="newcomer")

    # --- first sign-in: the password alone leads to the set-up -------------------------------------
    password_step(page, base, "newcomer")
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    qr = page.get_by_role("img", name="QR code that adds the account newcomer")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    both_widths(page, screenshots_dir, "mfa-enrolment", "enrolment page")
    page.goto(f"{base}/queue/")  # nothing else opens before the set-up
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator("#id_code-error")).to_have_text("That code is not right.")
    assert_no_violations(page, "enrolment page with a wrong code")
    page.wait_for_timeout(1100)  # after a wrong code the device looks at no code for a second
    page.get_by_label("Code").fill(code_from(page.locator("#mfa-secret").inner_text()))
    page.get_by_role("button", name="Confirm and continue").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_violations(page, "recovery codes")
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    sign_out(page)

    # --- signing in again: password, then a code from the app --------------------------------------
    password_step(page, base, "newcomer")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out instead")).to_be_visible()
    both_widths(page, screenshots_dir, "mfa-code", "code page")
    # The code for the next time step when the enrolment's code used up this one.
    page.get_by_label("Code").fill(usable_code(authenticator(User.objects.get(username="newcomer"))))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    sign_out(page)

    # --- once with a recovery code ------------------------------------------------------------------
    password_step(page, base, "newcomer")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page.get_by_text("You signed in with a recovery code; 9 left.")).to_be_visible()
    sign_out(page)

    assert not csp_errors, csp_errors
