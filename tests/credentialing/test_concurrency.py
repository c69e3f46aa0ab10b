"""Two people acting on one application at the same moment: exactly one wins (real threads, PostgreSQL)."""

import threading

import pytest
from django.db import connection

from common.errors import DomainError
from credentialing import services
from credentialing.models import CredentialApplication, Finding, Standard, StandardKind, TransitionLog
from tests.factories import ApplicationFactory, CertifierFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(*calls):
    """Start every call at the same instant, each on its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def runner(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except DomainError as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("attempt", range(3))
def test_approve_and_deny_at_once_exactly_one_wins(attempt):
    certifier = CertifierFactory()
    colleague = CertifierFactory(credentialing_body=certifier.credentialing_body)
    application = ApplicationFactory(body=certifier.credentialing_body, under_review=True)
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        Finding.objects.create(
            application=application, standard=standard, outcome="met", recorded_by=certifier
        )

    outcomes = run_at_once(
        lambda: services.approve_application(application=application, actor=certifier),
        lambda: services.deny_application(
            application=application, actor=colleague, note="Incomplete policy."
        ),
    )

    winners = [o for o in outcomes if isinstance(o, CredentialApplication)]
    losers = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(winners) == 1 and len(losers) == 1
    final = CredentialApplication.objects.get(pk=application.pk)
    assert final.status == winners[0].status
    decisions = TransitionLog.objects.filter(application=application, action__in=["approve", "deny"])
    assert decisions.count() == 1
    assert decisions.get().to_status == final.status


def test_ten_submits_at_once_log_one_submission(draft, staff):
    outcomes = run_at_once(*[lambda: services.submit_application(application=draft, actor=staff)] * 10)
    assert sum(isinstance(o, CredentialApplication) for o in outcomes) == 1
    assert TransitionLog.objects.filter(application=draft, action="submit").count() == 1


def test_the_standards_catalogue_is_present_in_transactional_tests():
    assert Standard.objects.filter(kind=StandardKind.MANDATORY).count() == 2
