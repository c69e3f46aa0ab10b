"""On generated data, the set-wise recompute equals the per-agency task and the pure rule."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from credentialing.models import CertificationStatus, CredentialingBody
from credentialing.selectors import agencies_depending_on_body
from grants import services
from grants.eligibility import evaluate
from grants.facts import load_facts
from grants.models import AgencyEligibility, EligibilityChange

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


def flags():
    return {
        row[0]: row[1:]
        for row in AgencyEligibility.objects.values_list(
            "agency_id", "eligible", "basis", "reason", "application_id"
        )
    }


@pytest.fixture
def generated():
    call_command("generate_national_data", scale=0.01, seed=3, today=TODAY, stdout=StringIO())


def test_set_wise_equals_per_agency_and_the_pure_rule(generated):
    set_wise = flags()
    bases = {basis for _, basis, _, _ in set_wise.values()}
    assert {"credentialed", "in_process", "exempt", "none"} <= bases

    AgencyEligibility.objects.all().delete()
    for agency_id in set_wise:
        services.recompute_agency_eligibility(agency_id=agency_id, today=TODAY)
    assert flags() == set_wise

    agency_types, facts = load_facts(None)
    pure = {}
    for agency_id, agency_type in agency_types.items():
        result = evaluate(agency_type=agency_type, applications=facts.get(agency_id, ()), today=TODAY)
        pure[agency_id] = (result.eligible, result.basis, result.reason, result.application_id)
    assert pure == set_wise


def test_body_revocation_fan_out_equals_per_agency(generated):
    body = CredentialingBody.objects.get(abbreviation="NPSA-S")
    CredentialingBody.objects.filter(pk=body.pk).update(certification_status=CertificationStatus.REVOKED)
    dependants = agencies_depending_on_body(body.pk)
    assert dependants
    changed = services.recompute_body_agencies(body_id=body.pk, today=TODAY)
    assert changed > 0
    fanned_out = flags()
    AgencyEligibility.objects.all().delete()
    for agency_id in fanned_out:
        services.recompute_agency_eligibility(agency_id=agency_id, today=TODAY)
    assert flags() == fanned_out
    assert services.recompute_all_eligibility(today=TODAY) == 0


def test_second_sweep_changes_nothing_and_history_only_on_change(generated):
    before = EligibilityChange.objects.count()
    assert services.recompute_all_eligibility(today=TODAY) == 0
    assert EligibilityChange.objects.count() == before
    AgencyEligibility.objects.filter(agency_id__in=list(flags())[:5]).update(reason="tampered")
    assert services.recompute_all_eligibility(today=TODAY) == 5
    assert EligibilityChange.objects.count() == before + 5


@pytest.mark.postgres
def test_set_wise_recompute_costs_a_fixed_number_of_statements(generated):
    AgencyEligibility.objects.update(reason="stale")
    few = list(flags())[:3]
    with CaptureQueriesContext(connection) as small:
        services.recompute_eligibility_of(agency_ids=few, today=TODAY)
    with CaptureQueriesContext(connection) as whole:
        services.recompute_all_eligibility(today=TODAY)
    # The savepoint and its release, the lock, the outbox, agencies, applications, flags, the store and
    # the counts' generation; beside them, the few agencies' row locks (one statement, before the outbox
    # rows) and, for the sweep, every body's pending row (one statement: the sweep covers them all).
    assert len(small) == len(whole) <= 10, [q["sql"][:60] for q in small.captured_queries]
