"""The benchmark's yardstick for the full recompute (one SQL statement, bench/recompute_floor.py) writes
exactly what the product's recompute writes, on generated data: else its ratio would compare unlike work."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from bench.recompute_floor import run_floor, stored_flags
from credentialing.models import CertificationStatus, CredentialingBody
from grants import services
from grants.models import AgencyEligibility, EligibilityChange

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

TODAY = date(2026, 6, 30)
NOW = datetime.fromisoformat("2026-06-30T15:00:00+00:00")


@pytest.fixture
def generated():
    call_command("generate_national_data", scale=0.01, seed=5, today=TODAY, stdout=StringIO())


@pytest.mark.parametrize("revoke", [False, True])
def test_floor_writes_what_the_rule_writes(generated, revoke):
    if revoke:  # the body's reasons ("... certification was revoked on ...") are covered too
        CredentialingBody.objects.filter(abbreviation="NPSA-S").update(
            certification_status=CertificationStatus.REVOKED
        )
        services.recompute_all_eligibility(today=TODAY)
    wanted = stored_flags()
    assert {values[1] for values in wanted.values()} >= {"credentialed", "in_process", "exempt", "none"}
    assert any(values[5] is not None for values in wanted.values())  # reporting runs are stored too

    AgencyEligibility.objects.update(reason="stale")
    history = EligibilityChange.objects.count()
    _, written = run_floor(TODAY, NOW)

    assert stored_flags() == wanted
    assert written == len(wanted)
    assert EligibilityChange.objects.count() == history + written
    assert run_floor(TODAY, NOW)[1] == 0  # nothing left to change
