"""Django's admin is for looking: no model of the domain can be added, changed or deleted there."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import Role, User
from common.audit import record
from common.models import AuditEntry
from credentialing.models import BodyCertificationEvent, CredentialingBody, TransitionLog
from grants.models import BodyRecomputeRequest, RecomputeRequest
from grants.services import recompute_all_eligibility
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _urls(model, pk):
    info = (model._meta.app_label, model._meta.model_name)
    return {
        "add": reverse("admin:{}_{}_add".format(*info)),
        "change": reverse("admin:{}_{}_change".format(*info), args=[pk]),
        "delete": reverse("admin:{}_{}_delete".format(*info), args=[pk]),
        "changelist": reverse("admin:{}_{}_changelist".format(*info)),
    }


@pytest.fixture
def superuser_admin():
    """The strongest account there is: a DOJ administrator with every flag ticked."""
    return DojAdministratorFactory(username="root", is_superuser=True)


def _sec3_rows(agency):
    """A record with a revision, a report with its version and a logged check, through the services."""
    from datetime import date

    from records.quarters import last_complete
    from records.services.checks import run_hiring_check
    from records.services.records import create_record, revise_record
    from records.services.reports import submit_report
    from tests.factories import AgencyStaffFactory

    staff = AgencyStaffFactory(agency=agency)
    record = create_record(
        actor=staff,
        agency=agency,
        officer_name="Casey Example",
        date_of_birth=date(1980, 5, 17),
        kind="termination",
        action_date=date(2025, 2, 10),
        process_status="under_appeal",
    )
    revise_record(actor=staff, record=record, reason="Appeal decided.", process_status="final")
    submit_report(
        actor=staff,
        agency=agency,
        quarter=last_complete(timezone.localdate()),
        zero=True,
        signed_by_name="Dana Reyes",
        signed_by_title="Chief of Police",
    )
    run_hiring_check(
        actor=staff, candidate_name="Casey Example", date_of_birth=date(1980, 5, 17), purpose="patrol hire"
    )


def _sec4_rows(agency):
    """A Sec. 4 program with its first version and a year's figures with theirs, through the services."""
    from community.services import file_yearly_figures
    from tests.factories import AgencyStaffFactory, sec4_program

    staff = AgencyStaffFactory(agency=agency)
    program = sec4_program(actor=staff)
    file_yearly_figures(
        actor=staff,
        program=program,
        year=timezone.localdate().year - 1,
        calls_answered_jointly=120,
        referrals_made=30,
    )


@pytest.fixture
def rows(doj_admin):
    """At least one row of every registered model."""
    application = ApplicationFactory(approved=True)
    GrantApplicantFactory(agency=application.agency)
    record(actor=doj_admin, action="agency.updated", obj=application.agency)
    AuthToken.objects.create(user=doj_admin)
    recompute_all_eligibility()
    TransitionLog.objects.create(
        application=application,
        actor=doj_admin,
        action="approve",
        from_status="under_review",
        to_status="approved",
    )
    BodyCertificationEvent.objects.create(
        body=application.body, actor=doj_admin, from_status="pending", to_status="certified"
    )
    RecomputeRequest.objects.create(agency=application.agency)
    BodyRecomputeRequest.objects.create(body=application.body)
    from reporting.models import AnnualReport, BulkList

    BulkList.objects.create(
        body=application.body,
        name="list",
        file="lists/x.csv",
        original_name="x.csv",
        content_type="text/csv",
        size_bytes=1,
        sha256="0" * 64,
        uploaded_by=doj_admin,
    )
    AnnualReport.objects.create(body=application.body, year=2025, as_of="2025-01-31", submitted_by=doj_admin)
    _sec3_rows(application.agency)
    _sec4_rows(application.agency)
    from notifications.models import Bounce

    Bounce.objects.create(user=doj_admin, address="gone@example.gov", code=550, response="No such user")
    seen = {"username": "someone", "ip_address": "127.0.0.1", "user_agent": "test", "path_info": "/"}
    AccessAttempt.objects.create(**seen, failures_since_start=1, attempt_time=timezone.now())
    AccessLog.objects.create(**seen, attempt_time=timezone.now())
    AccessFailureLog.objects.create(**seen, attempt_time=timezone.now())


def test_the_domain_models_are_all_registered_and_groups_are_not():
    labels = {model._meta.label for model in REGISTERED}
    assert {
        "accounts.User",
        "agencies.Agency",
        "credentialing.CredentialingBody",
        "common.AuditEntry",
    } <= labels
    assert Group not in admin.site._registry


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_the_admin_refuses_every_write(client, superuser_admin, rows, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model._meta.label} row to try"
    urls = _urls(model, obj.pk)
    client.force_login(superuser_admin)  # a sign-in is itself logged: count after it
    count = model._default_manager.count()

    assert client.get(urls["add"]).status_code == 403
    assert client.post(urls["add"], {}).status_code == 403
    assert client.get(urls["delete"]).status_code == 403
    assert client.post(urls["delete"], {"post": "yes"}).status_code == 403
    assert client.post(urls["change"], {}).status_code == 403

    page = client.get(urls["change"])
    assert page.status_code == 200
    assert b'name="_save"' not in page.content and b'name="_continue"' not in page.content
    listing = client.get(urls["changelist"])
    assert listing.status_code == 200
    assert b'name="action"' not in listing.content, "no bulk actions"
    bulk = client.post(
        urls["changelist"], {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302, 403)
    assert model._default_manager.count() == count


@pytest.mark.parametrize("method", ["get", "post"])
def test_there_is_no_password_form_for_another_person(client, superuser_admin, method):
    certifier = CertifierFactory(username="target")
    before = User.objects.get(pk=certifier.pk).password
    client.force_login(superuser_admin)
    url = f"/admin/accounts/user/{certifier.pk}/password/"
    data = {"password1": "A-new-password-2026", "password2": "A-new-password-2026"}
    response = getattr(client, method)(url, data)
    assert response.status_code in (403, 404)
    assert User.objects.get(pk=certifier.pk).password == before


def test_the_user_page_shows_no_password_hash(client, superuser_admin):
    client.force_login(superuser_admin)
    page = client.get(reverse("admin:accounts_user_change", args=[superuser_admin.pk]))
    assert page.status_code == 200
    assert b"md5$" not in page.content and b"pbkdf2" not in page.content


def test_an_administrator_cannot_make_themselves_a_certifier_there(client, doj_admin):
    body = BodyFactory()
    client.force_login(doj_admin)
    url = reverse("admin:accounts_user_change", args=[doj_admin.pk])
    data = {
        "username": doj_admin.username,
        "role": Role.CERTIFIER,
        "credentialing_body": body.pk,
        "is_superuser": "on",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 403
    doj_admin.refresh_from_db()
    assert doj_admin.role == Role.DOJ_ADMINISTRATOR and not doj_admin.is_superuser


def test_bodies_and_agencies_cannot_be_edited_around_the_services(client, doj_admin):
    body = BodyFactory(pending=True)
    agency = AgencyFactory()
    client.force_login(doj_admin)
    body_url = reverse("admin:credentialing_credentialingbody_change", args=[body.pk])
    assert client.post(body_url, {"name": "Renamed", "certification_status": "certified"}).status_code == 403
    agency_url = reverse("admin:agencies_agency_change", args=[agency.pk])
    assert client.post(agency_url, {"name": "Renamed", "agency_type": "tribal"}).status_code == 403
    assert CredentialingBody.objects.get(pk=body.pk).certification_status == "pending"
    assert not AuditEntry.objects.exists()


def test_the_admin_opens_by_role_not_by_django_flags(client, django_user_model):
    from tests.factories import CertifierFactory

    # A DOJ administrator made through the people pages has no staff flag, and gets in to look.
    newcomer = DojAdministratorFactory(is_staff=False)
    client.force_login(newcomer)
    assert client.get("/admin/").status_code == 200
    # A superuser of another role does not.
    client.force_login(CertifierFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/").status_code == 302
