"""The national generator gives Sec. 4 programs to a share of agencies that grows with their size."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from agencies.models import Agency
from community.models import ProgramVersion, SupportProgram, YearlyFigures
from demo.national.sec4 import share_for
from grants.models import GrantProgram

pytestmark = pytest.mark.django_db


def test_programs_go_to_a_realistic_share_with_versions_and_past_years_only():
    today = date(2026, 6, 30)
    call_command("generate_national_data", scale=0.02, seed=11, today=today, stdout=StringIO())
    agencies = Agency.objects.count()
    running = SupportProgram.objects.values("agency").distinct().count()
    assert 0.08 < running / agencies < 0.22, (running, agencies)
    large = Agency.objects.filter(sworn_officers__gte=100)
    small = Agency.objects.filter(sworn_officers__lt=10)
    share_large = large.filter(sec4_programs__isnull=False).distinct().count() / max(1, large.count())
    share_small = small.filter(sec4_programs__isnull=False).distinct().count() / max(1, small.count())
    assert share_large > share_small
    assert ProgramVersion.objects.count() == SupportProgram.objects.count()
    assert not YearlyFigures.objects.filter(year__gte=today.year).exists()
    assert not SupportProgram.objects.filter(started_on__gt=today).exists()
    assert GrantProgram.objects.filter(sec4_priority=True).count() == 1
    models = dict(SupportProgram.objects.values_list("model").annotate(n=Count("pk")))
    assert models["co_responder"] == max(models.values())


def test_the_assumed_share_grows_with_size():
    shares = [share_for(n, "local_police") for n in (5, 20, 80, 200, 900)]
    assert shares == sorted(shares) and share_for(200, "tribal") < share_for(200, "local_police")
