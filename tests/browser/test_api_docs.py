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
