"""Swagger UI and Redoc in Debian's Chromium: they render, request nothing off this site, and the
Content-Security-Policy blocks nothing they need."""

import pytest

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


# What axe still reports inside the third-party renderers, and why it is left: Swagger UI nests each
# operation's buttons inside its expandable summary, skips heading levels between tags and operations, and
# draws its own <main> after its title block (so that block is outside any landmark); Redoc skips heading
# levels inside each operation. Redoc is the accessible reader. Anything else (colour contrast included)
# fails.
KNOWN_IN_RENDERER = {
    "/api/v1/docs/": {"nested-interactive", "heading-order", "region"},
    "/api/v1/redoc/": {"heading-order"},
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize(("path", "ready"), [("/api/v1/docs/", ".opblock"), ("/api/v1/redoc/", "h1")])
def test_docs_pass_axe_but_for_the_renderers_own_structure(
    signed_in_page, screenshots_dir, path, ready, width
):
    from axe_playwright_python.sync_playwright import Axe

    page, base = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + path)
    page.wait_for_selector(ready, timeout=20_000)
    name = "api-docs-swagger" if "docs" in path else "api-docs-redoc"
    page.screenshot(path=str(screenshots_dir / f"{name}-{width}.png"))
    found = {v["id"] for v in Axe().run(page).response["violations"]}
    assert found <= KNOWN_IN_RENDERER[path], f"{path} at {width} px: {sorted(found)}"
    assert "color-contrast" not in found


def test_signed_out_visitors_see_the_sign_in_page(live_server, context):
    page = context.new_page()
    page.goto(live_server.url + "/api/v1/docs/")
    assert page.url.startswith(live_server.url + "/accounts/login/")
    assert page.get_by_role("heading", name="Sign in").is_visible()
