"""People and roles through the services: who may, nobody on their own account, every change on record."""

import pytest

from accounts import services
from accounts.models import Role, User
from common.errors import InvalidTransition, NotAllowed, RuleViolation
from common.models import AuditEntry
from tests.factories import AgencyFactory, BodyFactory, CertifierFactory, DojAdministratorFactory
from tests.mail import link_in, plain_text

pytestmark = pytest.mark.django_db
SITE = "http://testserver/"


def entries(person, action):
    return AuditEntry.objects.filter(object_type="accounts.user", object_id=str(person.pk), action=action)


def create(actor, **overrides):
    values = {
        "username": "newcertifier",
        "email": "new.certifier@example.gov",
        "first_name": "Nora",
        "last_name": "New",
        "role": Role.CERTIFIER,
        "credentialing_body": BodyFactory(),
        "base_url": SITE,
    }
    values.update(overrides)
    return services.create_user(actor=actor, **values)


class TestCreate:
    def test_creates_without_a_password_and_mails_a_link(self, doj_admin, smtp_server):
        person = create(doj_admin)
        assert person.role == Role.CERTIFIER and not person.has_usable_password()
        assert not person.is_staff and not person.is_superuser
        [mail] = smtp_server.messages
        assert mail["To"] == "new.certifier@example.gov"
        assert "no-reply@tracker.example.gov" in mail["From"]
        assert "/accounts/password/set/" in link_in(mail) and "newcertifier" in plain_text(mail)
        [entry] = entries(person, "user.created")
        assert entry.actor == doj_admin
        assert entry.after["role"] == Role.CERTIFIER and entry.after["username"] == "newcertifier"
        assert "password" not in entry.after

    @pytest.mark.parametrize(
        ("role", "organisation", "field"),
        [
            (Role.AGENCY_STAFF, {}, "agency"),
            (Role.CERTIFIER, {"credentialing_body": None}, "credentialing_body"),
            (Role.GRANT_OFFICER, {"credentialing_body": "body"}, "credentialing_body"),
            (Role.DOJ_ADMINISTRATOR, {"credentialing_body": None, "agency": "agency"}, "agency"),
            ("superuser", {}, "role"),
        ],
    )
    def test_the_organisation_must_match_the_role(self, doj_admin, role, organisation, field):
        made = {"body": BodyFactory(), "agency": AgencyFactory(), None: None}
        values = {k: made[v] for k, v in organisation.items()}
        values.setdefault("credentialing_body", None)
        with pytest.raises(RuleViolation) as refused:
            create(doj_admin, role=role, **values)
        assert refused.value.field == field
        assert not User.objects.filter(username="newcertifier").exists()

    def test_bad_or_duplicate_input_is_refused_with_a_reason(self, doj_admin, certifier):
        with pytest.raises(RuleViolation, match="e-mail"):
            create(doj_admin, email="not-an-address")
        with pytest.raises(RuleViolation, match="already uses"):
            create(doj_admin, email=certifier.email.upper())
        with pytest.raises(RuleViolation) as taken:
            create(doj_admin, username=certifier.username)
        assert taken.value.field == "username"
        assert not AuditEntry.objects.filter(action="user.created").exists()

    @pytest.mark.parametrize("who", ["staff", "certifier", "grant_officer"])
    def test_only_doj_administrators_manage_people(self, request, who):
        with pytest.raises(NotAllowed):
            create(request.getfixturevalue(who))


class TestRoleChanges:
    def test_changes_role_and_organisation_together_on_the_record(self, doj_admin, grant_officer):
        body = BodyFactory()
        services.change_role(
            actor=doj_admin, user=grant_officer, role=Role.CERTIFIER, credentialing_body=body, reason="Moved"
        )
        grant_officer.refresh_from_db()
        assert grant_officer.role == Role.CERTIFIER and grant_officer.credentialing_body == body
        [entry] = entries(grant_officer, "user.role_changed")
        assert entry.before == {"role": Role.GRANT_OFFICER, "credentialing_body": None}
        assert entry.after == {"role": Role.CERTIFIER, "credentialing_body": body.pk}
        assert entry.reason == "Moved"

    def test_a_grant_officer_promoted_by_an_administrator_is_on_the_record(self, doj_admin, grant_officer):
        services.change_role(actor=doj_admin, user=grant_officer, role=Role.DOJ_ADMINISTRATOR)
        grant_officer.refresh_from_db()
        assert grant_officer.role == Role.DOJ_ADMINISTRATOR and not grant_officer.is_staff
        assert entries(grant_officer, "user.role_changed").count() == 1

    def test_nobody_changes_their_own_role_or_organisation(self, doj_admin):
        with pytest.raises(NotAllowed, match="own"):
            services.change_role(
                actor=doj_admin, user=doj_admin, role=Role.CERTIFIER, credentialing_body=BodyFactory()
            )
        doj_admin.refresh_from_db()
        assert doj_admin.role == Role.DOJ_ADMINISTRATOR
        assert not AuditEntry.objects.exists()

    def test_a_certifier_cannot_move_themselves_or_others(self, certifier):
        other = CertifierFactory()
        for person in (certifier, other):
            with pytest.raises(NotAllowed):
                services.change_role(
                    actor=certifier, user=person, role=Role.CERTIFIER, credentialing_body=BodyFactory()
                )

    def test_no_change_is_refused(self, doj_admin, grant_officer):
        with pytest.raises(RuleViolation, match="already"):
            services.change_role(actor=doj_admin, user=grant_officer, role=Role.GRANT_OFFICER)


class TestAccess:
    def test_deactivate_then_reactivate_on_the_record(self, doj_admin, certifier):
        services.deactivate_user(actor=doj_admin, user=certifier, reason="Left the body")
        certifier.refresh_from_db()
        assert not certifier.is_active
        with pytest.raises(InvalidTransition):
            services.deactivate_user(actor=doj_admin, user=certifier)
        services.reactivate_user(actor=doj_admin, user=certifier)
        certifier.refresh_from_db()
        assert certifier.is_active
        [off] = entries(certifier, "user.deactivated")
        assert (off.before, off.after, off.reason) == (
            {"is_active": True},
            {"is_active": False},
            "Left the body",
        )
        assert entries(certifier, "user.reactivated").count() == 1

    def test_nobody_deactivates_themselves(self, doj_admin):
        with pytest.raises(NotAllowed, match="own"):
            services.deactivate_user(actor=doj_admin, user=doj_admin)
        doj_admin.refresh_from_db()
        assert doj_admin.is_active

    def test_a_deactivated_administrator_manages_nobody(self, doj_admin, certifier):
        other_admin = DojAdministratorFactory()
        services.deactivate_user(actor=other_admin, user=doj_admin)
        doj_admin.refresh_from_db()
        with pytest.raises(NotAllowed):
            services.deactivate_user(actor=doj_admin, user=certifier)


class TestSetPasswordLinks:
    def test_a_link_is_mailed_and_recorded_without_touching_the_password(
        self, doj_admin, certifier, smtp_server
    ):
        before = User.objects.get(pk=certifier.pk).password
        services.send_set_password_link(actor=doj_admin, user=certifier, base_url=SITE)
        [mail] = smtp_server.messages
        assert mail["To"] == certifier.email
        assert User.objects.get(pk=certifier.pk).password == before
        [entry] = entries(certifier, "user.set_password_link_sent")
        assert entry.actor == doj_admin and entry.before == {} and entry.after == {}

    def test_no_link_for_a_deactivated_person_or_from_another_role(self, doj_admin, certifier, staff):
        with pytest.raises(NotAllowed):
            services.send_set_password_link(actor=staff, user=certifier, base_url=SITE)
        services.deactivate_user(actor=doj_admin, user=certifier)
        with pytest.raises(InvalidTransition):
            services.send_set_password_link(actor=doj_admin, user=certifier, base_url=SITE)

    def test_an_own_password_change_is_recorded_without_values(self, certifier):
        services.change_own_password(user=certifier, password="A-brand-new-passphrase-7")
        assert User.objects.get(pk=certifier.pk).check_password("A-brand-new-passphrase-7")
        [entry] = entries(certifier, "user.password_changed")
        assert entry.actor == certifier and entry.before == {} and entry.after == {}
