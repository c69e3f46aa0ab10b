"""Concurrent recomputes of one agency, and a body revoked while its agencies are being approved:
every flag ends equal to the rule applied to the committed data (real threads, PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from common.errors import DomainError
from credentialing import services
from credentialing.models import CredentialApplication, Finding, Standard, StandardKind
from grants.eligibility import evaluate
from grants.facts import load_facts
from grants.models import AgencyEligibility, EligibilityChange
from grants.services import recompute_agency_eligibility, recompute_all_eligibility
from tests.factories import AgencyFactory, ApplicationFactory, CertifierFactory, DojAdministratorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def runner(call):
        try:
            barrier.wait()
            call()
        except DomainError:
            pass  # a refused action is a legitimate outcome of a race
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def assert_every_flag_matches_the_rule():
    agency_types, facts = load_facts(None)
    today = timezone.localdate()
    stored = {row.agency_id: row for row in AgencyEligibility.objects.all()}
    for agency_id, agency_type in agency_types.items():
        expected = evaluate(agency_type=agency_type, applications=facts.get(agency_id, ()), today=today)
        row = stored[agency_id]
        assert (row.eligible, row.basis, row.reason) == (expected.eligible, expected.basis, expected.reason)


def test_eight_concurrent_recomputes_of_one_agency_record_one_change():
    application = ApplicationFactory(under_review=True)
    run_together([lambda: recompute_agency_eligibility(agency_id=application.agency_id)] * 8)
    assert EligibilityChange.objects.filter(agency_id=application.agency_id).count() == 1
    assert AgencyEligibility.objects.get(agency_id=application.agency_id).eligible is True


def test_sweep_and_per_agency_recomputes_interleaved_with_transitions_end_consistent():
    applications = [ApplicationFactory(submitted=True) for _ in range(6)]
    certifier = CertifierFactory(credentialing_body=applications[0].body)
    for application in applications:
        CredentialApplication.objects.filter(pk=application.pk).update(body=certifier.credentialing_body)
    calls = [lambda app=app: services.start_review(application=app, actor=certifier) for app in applications]
    calls += [recompute_all_eligibility] * 3
    calls += [lambda app=app: recompute_agency_eligibility(agency_id=app.agency_id) for app in applications]
    run_together(calls)
    recompute_all_eligibility()  # what the committed hooks and the relay would do afterwards
    assert_every_flag_matches_the_rule()


def test_body_revoked_while_its_applications_are_being_approved():
    admin = DojAdministratorFactory()
    certifier = CertifierFactory()
    body = certifier.credentialing_body
    mandatory = list(Standard.objects.filter(kind=StandardKind.MANDATORY))
    applications = []
    for _ in range(8):
        application = ApplicationFactory(agency=AgencyFactory(), body=body, under_review=True)
        for standard in mandatory:
            Finding.objects.create(
                application=application, standard=standard, outcome="met", recorded_by=certifier
            )
        applications.append(application)
    recompute_all_eligibility()

    calls = [
        lambda app=app: services.approve_application(application=app, actor=certifier) for app in applications
    ]
    calls.append(
        lambda: services.revoke_body_certification(body=body, actor=admin, note="Designation withdrawn.")
    )
    run_together(calls)
    # The on-commit recomputes ran inline in each thread; whatever the interleaving, every flag is right.
    assert_every_flag_matches_the_rule()
    assert not AgencyEligibility.objects.filter(agency__applications__body=body, eligible=True).exists()
    approved = CredentialApplication.objects.filter(body=body, status="approved").count()
    under_review = CredentialApplication.objects.filter(body=body, status="under_review").count()
    # Approvals that came after the revocation were refused, not half-done.
    assert approved + under_review == 8
