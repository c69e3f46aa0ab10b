"""The page shell in a real browser: the footer, the identifier and the error pages, at desktop and phone
widths, each scanned by axe-core at every impact level."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import AgencyStaffFactory

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUIRED_LINKS = [
    "About the tracker",
    "Accessibility support",
    "FOIA requests",
    "No FEAR Act data",
    "Office of the Inspector General",
    "Performance reports",
    "Privacy policy",
]


def assert_identifier(page: Page) -> None:
    links = page.get_by_role("navigation", name="Important links")
    for label in REQUIRED_LINKS:
        expect(links.get_by_role("link", name=label)).to_be_visible()
    expect(page.get_by_role("link", name="U.S. Department of Justice")).to_be_visible()
    expect(page.get_by_role("link", name="Visit USA.gov")).to_be_visible()
    # nothing in the shell is wider than the window
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_shell_and_error_pages(page: Page, live_server, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    developers = page.get_by_role("navigation", name="Developers")

    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_identifier(page)
    expect(developers).to_have_count(0)
    page.screenshot(path=str(screenshots_dir / f"shell-sign-in-{width}.png"), full_page=True)
    assert_no_violations(page, f"sign-in ({width})")

    page.get_by_role("navigation", name="Footer navigation").get_by_role(
        "link", name="About the tracker"
    ).click()
    expect(page.get_by_role("heading", name="About the tracker", level=1)).to_be_visible()
    assert_identifier(page)
    page.screenshot(path=str(screenshots_dir / f"shell-about-{width}.png"), full_page=True)
    assert_no_violations(page, f"about ({width})")

    page.get_by_role("navigation", name="Footer navigation").get_by_role(
        "link", name="Accessibility support"
    ).click()
    expect(page.get_by_role("heading", name="Accessibility support", level=1)).to_be_visible()
    assert_no_violations(page, f"accessibility support ({width})")

    response = page.goto(f"{base}/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_identifier(page)
    expect(developers).to_have_count(0)
    page.screenshot(path=str(screenshots_dir / f"shell-404-{width}.png"), full_page=True)
    assert_no_violations(page, f"404 ({width})")

    AgencyStaffFactory(username="riverbend")
    sign_in(page, base, "riverbend")
    response = page.goto(f"{base}/bodies/")  # a page of another role: the same 404
    assert response is not None and response.status == 404
    expect(page.get_by_role("link", name="Go to your home page")).to_be_visible()
    expect(developers.get_by_role("link", name="API documentation (Swagger UI)")).to_be_visible()
    expect(developers.get_by_role("link", name="API reference (Redoc)")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"shell-404-signed-in-{width}.png"), full_page=True)
    assert_no_violations(page, f"404 signed in ({width})")


@pytest.mark.parametrize("width", WIDTHS)
def test_lock_out_page(page: Page, live_server, screenshots_dir, settings, width):
    settings.AXES_USERNAME_FAILURE_LIMIT = 2
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    AgencyStaffFactory(username="riverbend")
    for _ in range(2):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("riverbend")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign-in is paused")).to_be_visible()
    expect(page.get_by_role("link", name="reset your password")).to_be_visible()
    assert_identifier(page)
    page.screenshot(path=str(screenshots_dir / f"shell-429-{width}.png"), full_page=True)
    assert_no_violations(page, f"sign-in paused ({width})")


@pytest.mark.parametrize("width", WIDTHS)
def test_server_error_page(page: Page, live_server, screenshots_dir, settings, width):
    settings.ROOT_URLCONF = "tests.web.error_urls"  # the project's routes and one that fails on purpose
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    response = page.goto(f"{live_server.url}/fail/500/")
    assert response is not None and response.status == 500
    expect(page.get_by_role("heading", name="Something went wrong on our side")).to_be_visible()
    expect(page.get_by_text("quote the reference")).to_be_visible()
    assert_identifier(page)
    page.screenshot(path=str(screenshots_dir / f"shell-500-{width}.png"), full_page=True)
    assert_no_violations(page, f"server error ({width})")


@pytest.mark.parametrize("width", WIDTHS)
def test_site_name_takes_at_most_two_lines(page: Page, live_server, screenshots_dir, width):
    """The name in the header, beside the account links at desktop width, reads in two lines at most."""
    page.set_viewport_size({"width": WIDTHS[width], "height": 700})
    AgencyStaffFactory(username="riverbend")
    sign_in(page, live_server.url, "riverbend")
    name = page.locator(".usa-logo__text")
    expect(name).to_have_text("Safe Policing Credentialing Tracker")
    lines = name.evaluate(
        "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
    )
    assert 1 <= lines <= 2, f"{lines} lines at {WIDTHS[width]} px"
    account = page.locator(".usa-nav__secondary")
    if account.is_visible():  # beside the name at desktop width: the two never overlap
        name_box, account_box = name.bounding_box(), account.bounding_box()
        assert name_box and account_box
        assert name_box["x"] + name_box["width"] <= account_box["x"] or (
            name_box["y"] + name_box["height"] <= account_box["y"]
        )
    page.screenshot(path=str(screenshots_dir / f"shell-header-{width}.png"))
