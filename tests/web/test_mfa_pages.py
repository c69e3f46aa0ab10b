"""The second sign-in step over HTTP: who is held at it, enrolment, codes, recovery codes, sign-out."""

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.mfa import selectors
from accounts.mfa.selectors import usable_code
from accounts.mfa.services import check_code, regenerate_recovery_codes
from common.models import AuditEntry
from tests.api.conftest import token_client
from tests.mfa import give_authenticator, let_back_off_pass

from .test_access import assert_strict_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_signed_in(client):
    """A session after the password step only."""

    def sign_in(user):
        client.force_login_password_only(user)
        return client

    return sign_in


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def reaches_the_queue(client) -> bool:
    response = client.get(reverse("review_queue"), follow=True)  # the queue adds its default filters
    return response.status_code == 200 and b"Review queue" in response.content


class TestHeldAtTheSecondStep:
    def test_a_certifier_without_an_authenticator_is_sent_to_enrol(self, half_signed_in, certifier):
        client = half_signed_in(certifier)
        response = client.get(reverse("review_queue"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('mfa_enrol')}?next=%2Fqueue%2F"

    @pytest.mark.parametrize("user", ["certifier", "doj_admin", "grant_officer"])
    def test_mfa_roles_with_an_authenticator_are_sent_to_the_code_page(self, request, half_signed_in, user):
        person = request.getfixturevalue(user)
        give_authenticator(person)
        client = half_signed_in(person)
        for url in (reverse("home"), reverse("application_detail", args=[1]), reverse("mfa_account")):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))

    def test_the_session_api_refuses_an_unverified_session(self, half_signed_in, certifier):
        give_authenticator(certifier)
        client = half_signed_in(certifier)
        response = client.get("/api/v1/me/")
        assert response.status_code == 403 and response.json()["code"] == "second_factor"
        assert client.get("/api/v1/applications/").status_code == 403

    def test_a_token_still_works(self, certifier):
        give_authenticator(certifier)
        assert token_client(certifier).get("/api/v1/me/").status_code == 200

    def test_agency_staff_are_not_held(self, half_signed_in, staff):
        client = half_signed_in(staff)
        assert client.get(reverse("agency_dashboard")).status_code == 200
        assert client.get("/api/v1/me/").status_code == 200

    def test_agency_staff_who_set_up_an_app_are_held(self, half_signed_in, staff):
        give_authenticator(staff)
        client = half_signed_in(staff)
        assert client.get(reverse("agency_dashboard"))["Location"].startswith(reverse("mfa_verify"))

    def test_the_admin_needs_a_verified_session(self, half_signed_in, doj_admin):
        give_authenticator(doj_admin)
        client = half_signed_in(doj_admin)
        assert client.get("/admin/")["Location"].startswith(reverse("mfa_verify"))
        client.force_login(doj_admin)
        assert client.get("/admin/").status_code == 200

    def test_a_verified_certifier_reaches_the_queue_and_the_api(self, client, certifier):
        client.force_login(certifier)
        assert reaches_the_queue(client)
        assert client.get("/api/v1/me/").status_code == 200

    def test_signing_out_stays_open(self, half_signed_in, certifier):
        client = half_signed_in(certifier)
        assert client.post(reverse("logout"))["Location"] == reverse("login")
        assert "_auth_user_id" not in client.session


class TestCodePage:
    def test_a_right_code_verifies_the_session_and_goes_on(self, half_signed_in, certifier):
        device = give_authenticator(certifier)
        client = half_signed_in(certifier)
        page = client.get(reverse("mfa_verify"), {"next": "/queue/"})
        assert page.status_code == 200 and b"Enter your code" in page.content
        assert_strict_page(page.content.decode())
        response = client.post(reverse("mfa_verify"), {"code": usable_code(device), "next": "/queue/"})
        assert response["Location"] == "/queue/" and verified(client)
        assert reaches_the_queue(client)

    def test_the_second_step_pages_offer_no_navigation_yet(self, half_signed_in, certifier):
        client = half_signed_in(certifier)
        assert reverse("review_queue").encode() not in client.get(reverse("mfa_enrol")).content
        give_authenticator(certifier)
        assert reverse("review_queue").encode() not in client.get(reverse("mfa_verify")).content

    def test_next_never_leaves_the_site(self, half_signed_in, certifier):
        device = give_authenticator(certifier)
        client = half_signed_in(certifier)
        data = {"code": usable_code(device), "next": "https://elsewhere.example/"}
        assert client.post(reverse("mfa_verify"), data)["Location"] == reverse("home")

    def test_a_recovery_code_signs_in_once(self, half_signed_in, certifier):
        give_authenticator(certifier)
        codes = regenerate_recovery_codes(user=certifier)
        client = half_signed_in(certifier)
        response = client.post(reverse("mfa_verify"), {"code": codes[0]}, follow=True)
        assert verified(client) and b"9 left" in response.content
        assert AuditEntry.objects.filter(action="mfa.recovery_code_used", actor=certifier).count() == 1
        client.post(reverse("logout"))
        client = half_signed_in(certifier)
        response = client.post(reverse("mfa_verify"), {"code": codes[0]})
        assert response.status_code == 200 and not verified(client)
        assert b"That code is not right" in response.content

    def test_an_empty_code_is_a_form_error(self, half_signed_in, certifier):
        give_authenticator(certifier)
        response = half_signed_in(certifier).post(reverse("mfa_verify"), {"code": ""})
        assert response.status_code == 200 and b"Enter the code." in response.content

    def test_five_wrong_codes_in_a_row_sign_the_session_out(self, half_signed_in, certifier):
        device = give_authenticator(certifier)
        client = half_signed_in(certifier)
        for left in (4, 3, 2, 1):
            response = client.post(reverse("mfa_verify"), {"code": "000000"})
            assert response.status_code == 200 and f"{left} more wrong".encode() in response.content
            let_back_off_pass(certifier)
        response = client.post(reverse("mfa_verify"), {"code": "000000"})
        assert response["Location"] == reverse("login")
        assert "_auth_user_id" not in client.session

        # Signing in again: the device still backs off, so even the right code waits; then it passes.
        client = half_signed_in(certifier)
        response = client.post(reverse("mfa_verify"), {"code": usable_code(device)})
        assert response.status_code == 200 and re.search(rb"Wait 1[0-6] seconds", response.content)
        assert "_auth_user_id" in client.session and not verified(client)
        let_back_off_pass(certifier)
        assert client.post(reverse("mfa_verify"), {"code": usable_code(device)})["Location"] == reverse(
            "home"
        )
        assert verified(client)

    def test_wrong_codes_within_the_back_off_are_not_looked_at(self, settings, half_signed_in, certifier):
        settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a back-off long enough not to end during the test
        device = give_authenticator(certifier)
        client = half_signed_in(certifier)
        client.post(reverse("mfa_verify"), {"code": "000000"})
        response = client.post(reverse("mfa_verify"), {"code": usable_code(device)})
        assert b"Wait 60 seconds, then enter the code again" in response.content and not verified(client)


class TestEnrolmentPages:
    def test_the_enrolment_page_shows_a_qr_code_and_the_secret(self, half_signed_in, certifier):
        client = half_signed_in(certifier)
        page = client.get(reverse("mfa_enrol"))
        html = page.content.decode()
        assert page.status_code == 200 and "no-store" in page["Cache-Control"]
        assert_strict_page(html)
        assert re.search(r'<img class="mfa-qr" src="data:image/svg\+xml;', html)
        device = selectors.authenticator(certifier, confirmed=False)
        assert selectors.secret_for_manual_entry(device) in html

    def test_a_right_first_code_enrols_shows_the_codes_once_and_verifies(self, half_signed_in, certifier):
        client = half_signed_in(certifier)
        client.get(reverse("mfa_enrol"))
        device = selectors.authenticator(certifier, confirmed=False)
        response = client.post(reverse("mfa_enrol"), {"code": usable_code(device), "next": "/queue/"})
        html = response.content.decode()
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert_strict_page(html)
        codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
        assert len(codes) == 10 and verified(client)
        assert AuditEntry.objects.filter(action="mfa.enrolled", actor=certifier).count() == 1
        assert reaches_the_queue(client)

    def test_a_wrong_first_code_is_a_form_error(self, half_signed_in, certifier):
        client = half_signed_in(certifier)
        client.get(reverse("mfa_enrol"))
        response = client.post(reverse("mfa_enrol"), {"code": "000000"})
        assert response.status_code == 200 and b"That code is not right" in response.content
        assert not verified(client)

    def test_a_password_alone_cannot_replace_an_enrolled_authenticator(self, half_signed_in, certifier):
        give_authenticator(certifier)
        client = half_signed_in(certifier)
        assert client.get(reverse("mfa_enrol"))["Location"] == reverse("mfa_verify")
        assert client.post(reverse("mfa_enrol"), {"code": "123456"})["Location"] == reverse("mfa_verify")
        assert selectors.authenticator(certifier, confirmed=False) is None

    def test_agency_staff_may_enrol_from_their_account_page(self, client, staff):
        client.force_login(staff)
        account = client.get(reverse("mfa_account"))
        assert b"optional for your role" in account.content
        assert reverse("mfa_enrol").encode() in account.content
        client.get(reverse("mfa_enrol"))
        device = selectors.authenticator(staff, confirmed=False)
        client.post(reverse("mfa_enrol"), {"code": usable_code(device)})
        assert selectors.step_owed(staff) is not None and verified(client)


class TestRecoveryCodesPage:
    def test_regenerating_shows_new_codes_once_and_the_old_ones_stop_working(self, client, certifier):
        client.force_login(certifier)
        old = regenerate_recovery_codes(user=certifier)
        page = client.get(reverse("mfa_recovery_codes"))
        assert b"10 unused recovery codes" in page.content
        assert_strict_page(page.content.decode())
        response = client.post(reverse("mfa_recovery_codes"))
        new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
        assert len(new) == 10 and not set(new) & set(old) and "no-store" in response["Cache-Control"]
        assert not check_code(user=certifier, code=old[0]).passed
        assert AuditEntry.objects.filter(action="mfa.recovery_codes_regenerated").count() == 2

    def test_without_an_authenticator_there_is_nothing_to_regenerate(self, client, staff):
        client.force_login(staff)
        assert client.get(reverse("mfa_recovery_codes"))["Location"] == reverse("mfa_enrol")
        assert client.post(reverse("mfa_recovery_codes"))["Location"] == reverse("mfa_enrol")
