"""The page shell (footer, USWDS identifier, developers' links) and the error pages of our own."""

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import AgencyStaffFactory
from tests.web.test_access import assert_strict_page

REQUIRED_LINKS = {
    "About the tracker": "/about/",
    "Accessibility support": "/accessibility/",
    "FOIA requests": "https://www.justice.gov/oip",
    "No FEAR Act data": "https://www.justice.gov/jmd/eeo-program-status-report",
    "Office of the Inspector General": "https://oig.justice.gov/",
    "Performance reports": "https://www.justice.gov/doj/budget-and-performance",
    "Privacy policy": "https://www.justice.gov/doj/privacy-policy",
}


def assert_shell(html: str) -> None:
    """The identifier with the parent agency, every required link and USA.gov."""
    assert 'class="usa-identifier"' in html
    assert 'official website of the <a href="https://www.justice.gov/">U.S. Department of Justice</a>' in html
    for label, href in REQUIRED_LINKS.items():
        assert f'href="{href}" class="usa-identifier__required-link usa-link">{label}</a>' in html, label
    assert "Looking for U.S. government information and services?" in html
    assert '<a href="https://www.usa.gov/" class="usa-link">Visit USA.gov</a>' in html
    assert 'class="usa-footer usa-footer--slim"' in html


def has_api_links(html: str) -> bool:
    return reverse("v1:swagger-ui") in html or reverse("v1:redoc") in html


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.web.error_urls"


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


# --- the shell on every page -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "password_reset", "about", "accessibility"])
def test_public_pages_carry_the_identifier_and_no_api_links(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert_strict_page(html)
    assert_shell(html)
    assert not has_api_links(html)
    assert "Developers" not in html


@pytest.mark.django_db
def test_about_and_accessibility_say_what_a_visitor_needs(client, settings):
    about = client.get(reverse("about")).content.decode()
    assert "Executive Order 13929" in about
    assert "Where the data comes from" in about and "Who uses it" in about
    accessibility = client.get(reverse("accessibility")).content.decode()
    assert "WCAG" in accessibility and "2.1" in accessibility and "axe-core" in accessibility
    assert f"mailto:{settings.HELP_DESK_EMAIL}" in accessibility


@pytest.mark.django_db
def test_signed_in_pages_carry_the_identifier_and_the_developers_links(client, world):
    for user in world.users.values():
        client.force_login(user)
        response = client.get(reverse("home"), follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert_shell(html)
        assert 'id="footer-developers-heading">Developers</h2>' in html
        assert f'href="{reverse("v1:swagger-ui")}"' in html and f'href="{reverse("v1:redoc")}"' in html


# --- error pages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_page_is_our_404_with_the_shell(production, visitor):
    response = visitor.get("/nonexistent/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert f'href="{reverse("login")}"' in html
    assert_shell(html)


@pytest.mark.django_db
def test_a_page_outside_the_role_is_the_same_404_with_the_signed_in_shell(production, visitor, world):
    visitor.force_login(world.users[Role.AGENCY_STAFF])
    response = visitor.get(reverse("body_list"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html and "Go to your home page" in html
    assert has_api_links(html)
    assert_shell(html)


@pytest.mark.django_db
def test_an_unknown_api_endpoint_still_answers_json(production, visitor):
    staff = AgencyStaffFactory()
    visitor.force_login(staff)
    response = visitor.get("/api/v1/nonexistent/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    # outside version 1 too: an API client never receives an HTML page
    other = visitor.get("/api/v2/applications/")
    assert other.status_code == 404
    assert other["Content-Type"] == "application/json"
    assert other.json()["code"] == "not_found"


@pytest.mark.django_db
def test_a_refusal_is_our_403_with_the_shell(production, visitor):
    response = visitor.get("/fail/403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>You cannot do this</h1>" in html
    assert_shell(html)


@pytest.mark.django_db
def test_a_malformed_request_is_our_400_with_the_shell(production, visitor):
    response = visitor.get("/fail/400/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>We could not understand that request</h1>" in html
    assert_shell(html)


@pytest.mark.django_db
def test_an_expired_form_is_our_403_with_the_shell(production):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("login"), {"username": "someone", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>This form has expired</h1>" in html
    assert_shell(html)


def test_the_500_page_renders_with_an_empty_context_and_no_database():
    # No django_db marker: any query here would fail the test.
    html = loader.get_template("500.html").render({})
    assert "<h1>Something went wrong on our side</h1>" in html
    assert_shell(html)
    assert "Developers" not in html


def test_a_crash_is_our_500_with_a_reference_and_no_database(production, visitor, caplog):
    response = visitor.get("/fail/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong on our side</h1>" in html
    assert "an unexpected failure" not in html and "Traceback" not in html
    assert_shell(html)
    reference = html.split("quote the reference <strong>")[1].split("</strong>")[0]
    assert any(reference in record.getMessage() for record in caplog.records)


def test_a_crash_under_the_api_is_json(production, visitor):
    response = visitor.get("/api/v1/fail/500/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "server_error" and body["reference"] in body["detail"]


@pytest.mark.django_db
def test_a_body_too_large_for_a_page_is_our_413_and_json_for_the_api(production, visitor, settings):
    too_large = str(settings.REQUEST_MAX_BYTES + 1)
    response = visitor.post(reverse("login"), data=b"", content_type="text/plain", CONTENT_LENGTH=too_large)
    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>What you sent is too large</h1>" in html
    assert_shell(html)
    api = visitor.post("/api/v1/applications/", data=b"", content_type="text/plain", CONTENT_LENGTH=too_large)
    assert api.status_code == 413
    assert api.json()["code"] == "request_too_large"


@pytest.mark.django_db
def test_a_nul_in_a_page_address_is_our_400(production, visitor):
    response = visitor.get("/about/", {"q": "a\x00b"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "NUL character" in html
    assert_shell(html)


@pytest.mark.django_db
def test_a_locked_out_sign_in_is_our_429_saying_how_long_to_wait(production, visitor, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 2
    user = AgencyStaffFactory()
    for _ in range(2):
        visitor.post(reverse("login"), {"username": user.username, "password": "wrong"})
    response = visitor.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Sign-in is paused</h1>" in html
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Wait {minutes} minutes" in html
    assert_shell(html)
