"""The second factor's rules: who must enrol, what verifies a session, recovery codes, throttling."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_site import TrackerAdminSite
from accounts.checks import second_factor_roles
from accounts.mfa import selectors, services
from accounts.mfa.selectors import Step, usable_code
from accounts.models import Role
from common.errors import InvalidTransition
from common.models import AuditEntry
from tests.mfa import give_authenticator, let_back_off_pass

pytestmark = pytest.mark.django_db


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = services.pending_authenticator(user=user)
    check = services.confirm_enrolment(user=user, code=usable_code(device))
    assert check.passed
    device.refresh_from_db()
    return device, check.recovery_codes


class TestWhoMustEnrol:
    @pytest.mark.parametrize("role", [Role.CERTIFIER, Role.DOJ_ADMINISTRATOR, Role.GRANT_OFFICER])
    def test_certifiers_and_both_doj_roles_must_enrol(self, role, staff, certifier, doj_admin, grant_officer):
        user = {
            Role.CERTIFIER: certifier,
            Role.DOJ_ADMINISTRATOR: doj_admin,
            Role.GRANT_OFFICER: grant_officer,
        }
        assert selectors.step_owed(user[role]) is Step.ENROL

    def test_agency_staff_are_not_forced(self, staff):
        assert selectors.step_owed(staff) is None

    def test_agency_staff_who_enrolled_must_verify(self, staff):
        enrolled(staff)
        assert selectors.step_owed(staff) is Step.VERIFY

    def test_an_unconfirmed_authenticator_still_owes_enrolment(self, certifier):
        services.pending_authenticator(user=certifier)
        assert selectors.step_owed(certifier) is Step.ENROL

    def test_the_roles_come_from_the_setting(self, settings, staff, certifier):
        settings.MFA_REQUIRED_ROLES = ["agency_staff"]
        assert selectors.step_owed(staff) is Step.ENROL
        assert selectors.step_owed(certifier) is None


class TestEnrolment:
    def test_a_right_first_code_confirms_and_issues_ten_recovery_codes(self, certifier):
        device, codes = enrolled(certifier)
        assert device.confirmed
        assert len(codes) == 10 and len(set(codes)) == 10
        assert selectors.recovery_codes_left(certifier) == 10
        assert selectors.step_owed(certifier) is Step.VERIFY

    def test_enrolment_is_audited_without_the_secret_or_the_codes(self, certifier):
        device, codes = enrolled(certifier)
        entry = AuditEntry.objects.get(action="mfa.enrolled")
        assert entry.actor == certifier and entry.object_id == str(certifier.pk)
        stored = f"{entry.before} {entry.after} {entry.reason} {entry.object_label}"
        assert device.key not in stored and selectors.secret_for_manual_entry(device) not in stored
        assert not any(code in stored for code in codes)

    def test_a_wrong_first_code_confirms_nothing_and_is_counted(self, certifier):
        device = services.pending_authenticator(user=certifier)
        check = services.confirm_enrolment(user=certifier, code="000000")
        assert not check.passed and check.failures == 1
        device.refresh_from_db()
        assert not device.confirmed and device.throttling_failure_count == 1
        assert not AuditEntry.objects.filter(action="mfa.enrolled").exists()

    def test_the_same_pending_secret_until_confirmed(self, certifier):
        first = services.pending_authenticator(user=certifier)
        assert services.pending_authenticator(user=certifier).pk == first.pk

    def test_nobody_enrols_a_second_authenticator_over_a_confirmed_one(self, certifier):
        enrolled(certifier)
        with pytest.raises(InvalidTransition):
            services.pending_authenticator(user=certifier)
        with pytest.raises(InvalidTransition):
            services.confirm_enrolment(user=certifier, code="123456")


class TestCodes:
    def test_a_code_from_the_app_passes_once(self, certifier):
        device, _ = enrolled(certifier)
        code = usable_code(device)
        assert services.check_code(user=certifier, code=code).device == device
        assert not services.check_code(user=certifier, code=code).passed

    def test_a_recovery_code_passes_once_and_is_audited(self, certifier):
        _, codes = enrolled(certifier)
        check = services.check_code(user=certifier, code=codes[3].upper())
        assert check.passed and check.device == selectors.recovery_device(certifier)
        assert selectors.recovery_codes_left(certifier) == 9
        entry = AuditEntry.objects.get(action="mfa.recovery_code_used")
        assert entry.after == {"recovery_codes_left": 9} and codes[3] not in str(entry.after)
        let_back_off_pass(certifier)
        assert not services.check_code(user=certifier, code=codes[3]).passed

    def test_regeneration_invalidates_the_old_codes(self, certifier):
        _, old = enrolled(certifier)
        new = services.regenerate_recovery_codes(user=certifier)
        assert len(new) == 10 and not set(new) & set(old)
        assert not services.check_code(user=certifier, code=old[0]).passed
        let_back_off_pass(certifier)
        assert services.check_code(user=certifier, code=new[0]).passed
        assert (
            AuditEntry.objects.filter(action="mfa.recovery_codes_regenerated", actor=certifier).count() == 1
        )

    def test_regeneration_needs_an_authenticator(self, certifier):
        with pytest.raises(InvalidTransition):
            services.regenerate_recovery_codes(user=certifier)

    def test_wrong_codes_in_a_row_are_counted_across_both_kinds(self, certifier):
        device, _ = enrolled(certifier)
        assert services.check_code(user=certifier, code="000000").failures == 1
        let_back_off_pass(certifier)
        assert services.check_code(user=certifier, code="notacode").failures == 2
        let_back_off_pass(certifier)
        assert services.check_code(user=certifier, code=usable_code(device)).passed
        device.refresh_from_db()
        assert device.throttling_failure_count == 0
        assert selectors.recovery_device(certifier).throttling_failure_count == 0

    def test_the_devices_back_off_after_a_wrong_code(self, certifier):
        device, _ = enrolled(certifier)
        assert services.check_code(user=certifier, code="000000").failures == 1
        # Within the back-off even the right code is not looked at, and not counted as wrong.
        refused = services.check_code(user=certifier, code=usable_code(device))
        assert not refused.passed and refused.locked_until is not None and refused.failures == 1


class TestVerifiedSession:
    def session_user(self, user, device=None):
        request = RequestFactory().get("/admin/")
        request.user = user
        request.session = {"otp_device_id": device.persistent_id} if device else {}
        OTPMiddleware(lambda r: None)._install_lazy_accessors(request)
        return request

    def test_a_session_is_verified_only_by_a_confirmed_device_of_its_own(self, doj_admin, certifier):
        device = give_authenticator(doj_admin)
        assert self.session_user(doj_admin, device).user.is_verified()
        assert not self.session_user(doj_admin).user.is_verified()
        assert not self.session_user(doj_admin, give_authenticator(certifier)).user.is_verified()

    def test_the_admin_refuses_an_unverified_session(self, doj_admin):
        site = TrackerAdminSite()
        assert not site.has_permission(self.session_user(doj_admin))
        assert site.has_permission(self.session_user(doj_admin, give_authenticator(doj_admin)))


def test_a_misspelt_role_in_the_setting_fails_the_checks(settings):
    settings.MFA_REQUIRED_ROLES = ["certifier", "certifer"]
    assert [e.id for e in second_factor_roles(None)] == ["accounts.E001"]
    settings.MFA_REQUIRED_ROLES = ["certifier"]
    assert second_factor_roles(None) == []


def test_the_admin_has_no_way_to_set_a_device_key():
    registered = {model._meta.label for model in admin.site._registry}
    assert not registered & {"otp_totp.TOTPDevice", "otp_static.StaticDevice", "otp_static.StaticToken"}


def test_an_operator_resets_a_lost_second_factor_with_a_reason(certifier):
    enrolled(certifier)
    with pytest.raises(CommandError, match="Say why"):
        call_command("reset_second_factor", certifier.username, "--reason", " ")
    call_command(
        "reset_second_factor", certifier.username, "--reason", "phone lost, ticket 42", stdout=StringIO()
    )
    assert selectors.step_owed(certifier) is Step.ENROL and selectors.recovery_codes_left(certifier) == 0
    entry = AuditEntry.objects.get(action="mfa.reset")
    assert entry.reason == "phone lost, ticket 42" and entry.before == {"authenticator": True}
