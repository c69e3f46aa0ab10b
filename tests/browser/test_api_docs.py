"""Swagger UI and Redoc in Debian's Chromium: they render, request nothing off this site, and the
Content-Security-Policy blocks nothing they need."""

from itertools import pairwise

import pytest
from playwright.sync_api import expect

from .axe import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(live_server, staff, context):
    """pytest-playwright's own browser context (Debian's Chromium, see conftest.py), never a second
    Playwright of our own: two sync Playwrights in one process fail whichever test runs second."""
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = staff.get_session_auth_hash()
    session.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )
    return context.new_page(), live_server.url


@pytest.mark.parametrize(("path", "ready"), [("/api/v1/docs/", ".opblock"), ("/api/v1/redoc/", "h1")])
def test_docs_render_offline_within_the_csp(signed_in_page, path, ready):
    page, base = signed_in_page
    requested: list[str] = []
    problems: list[str] = []
    blocked: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "requestfailed",
        lambda request: blocked.append(request.url) if request.failure == "csp" else None,
    )
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(base + path)
    page.wait_for_selector(ready, timeout=20_000)
    assert "Safe Policing" in page.content()
    # Redoc's credit line has a CDN logo: the policy stops it in the browser, which is the point.
    off_site = [url for url in requested if not url.startswith((base, "data:", "blob:"))]
    assert [url for url in off_site if url not in blocked] == []
    assert [url for url in blocked if url.startswith(base)] == [], "the policy blocked a local resource"
    csp_problems = [p for p in problems if "Content Security Policy" in p]
    assert [p for p in csp_problems if not any(url in p for url in blocked)] == [], csp_problems


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize(("path", "ready"), [("/api/v1/docs/", ".opblock"), ("/api/v1/redoc/", "h1")])
def test_docs_pass_axe_at_every_impact_level(signed_in_page, screenshots_dir, path, ready, width):
    page, base = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + path)
    page.wait_for_selector(ready, timeout=20_000)
    name = "api-docs-swagger" if "docs" in path else "api-docs-redoc"
    page.screenshot(path=str(screenshots_dir / f"{name}-{width}.png"))
    assert_no_violations(page, f"{name}, as loaded")


@pytest.mark.parametrize("width", [1280, 375])
def test_swagger_operation_opened_passes_axe(signed_in_page, screenshots_dir, width):
    """An operation opened shows its parameters, its Try-it-out button and its responses."""
    page, base = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + "/api/v1/docs/")
    summary = page.locator("#operations-agencies-agencies_list .opblock-summary-control")
    summary.click()
    expect(summary).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#operations-agencies-agencies_list .parameters")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"api-docs-swagger-opened-{width}.png"))
    assert_no_violations(page, "api-docs-swagger, an operation opened")


def test_swagger_headings_run_in_order(signed_in_page):
    """The title, then "Operations", then one heading per tag: no level skipped."""
    page, base = signed_in_page
    page.goto(base + "/api/v1/docs/")
    page.wait_for_selector(".opblock")
    levels = page.eval_on_selector_all("h1, h2, h3", "hs => hs.map(h => h.tagName)")
    assert levels[:3] == ["H1", "H2", "H3"]
    assert page.locator("main").count() == 1
    assert page.locator("main .information-container").count() == 1


def test_redoc_outline_never_skips_a_level(signed_in_page):
    page, base = signed_in_page
    page.goto(base + "/api/v1/redoc/")
    page.wait_for_selector("h1")
    levels = page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6",
        "hs => hs.map(h => Number(h.getAttribute('aria-level') || h.tagName.charAt(1)))",
    )
    assert len(levels) > 10
    assert all(later <= earlier + 1 for earlier, later in pairwise(levels))


def test_signed_out_visitors_see_the_sign_in_page(live_server, context):
    page = context.new_page()
    page.goto(live_server.url + "/api/v1/docs/")
    assert page.url.startswith(live_server.url + "/accounts/login/")
    assert page.get_by_role("heading", name="Sign in").is_visible()
