"""End to end with a real Celery worker consuming from Redis, on committed transactions."""

import pytest

from credentialing import services
from credentialing.models import Finding, Standard, StandardKind
from grants.backlog import outbox_empty
from grants.models import AgencyEligibility, EligibilityChange
from grants.tasks import recompute_agency_eligibility
from tests.factories import AgencyFactory, ApplicationFactory
from tests.waiting import wait_for
from tests.workers import running_worker

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    with running_worker():
        yield


def eligible(agency) -> bool | None:
    row = AgencyEligibility.objects.filter(agency=agency).first()
    return None if row is None else row.eligible


def test_submit_deny_and_body_revocation_through_the_worker(worker, draft, staff, certifier, doj_admin):
    services.submit_application(application=draft, actor=staff)
    assert wait_for(lambda: eligible(draft.agency) is True), "flag did not become eligible after submit"

    services.start_review(application=draft, actor=certifier)
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        Finding.objects.create(application=draft, standard=standard, outcome="not_met", recorded_by=certifier)
    services.deny_application(application=draft, actor=certifier, note="Chokeholds permitted.")
    assert wait_for(lambda: eligible(draft.agency) is False), "flag did not drop after deny"

    # Revoking the body's AG certification flips every dependent agency.
    dependants = [AgencyFactory() for _ in range(4)]
    for agency in dependants:
        ApplicationFactory(agency=agency, body=draft.body, approved=True)
        recompute_agency_eligibility.delay(agency.pk)
    assert wait_for(lambda: all(eligible(a) is True for a in dependants))
    services.revoke_body_certification(body=draft.body, actor=doj_admin, note="Designation withdrawn.")
    assert wait_for(lambda: all(eligible(a) is False for a in dependants)), (
        "fan-out did not reach every agency"
    )
    assert wait_for(outbox_empty), "outbox rows left behind (the agencies' or the body's)"

    # Running the task again changes nothing.
    before = EligibilityChange.objects.count()
    assert recompute_agency_eligibility.delay(dependants[0].pk).get(timeout=15) is False
    assert EligibilityChange.objects.count() == before


def test_task_runs_twice_without_a_second_change(worker):
    application = ApplicationFactory(submitted=True)
    assert recompute_agency_eligibility.delay(application.agency_id).get(timeout=15) is True
    assert eligible(application.agency) is True
    assert recompute_agency_eligibility.delay(application.agency_id).get(timeout=15) is False
    assert EligibilityChange.objects.filter(agency=application.agency).count() == 1
