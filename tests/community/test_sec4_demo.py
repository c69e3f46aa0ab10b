"""The demo gives Sec. 4 programs to some of its agencies and has a grant program weighing them."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import ProgramVersion, SupportProgram, YearlyFiguresVersion
from demo.management.commands.load_demo import AGENCIES
from grants.models import GrantProgram
from grants.priority import answers_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_programs_an_ended_one_an_amendment_and_a_weighing_grant_program(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert SupportProgram.objects.count() == 4
    ended = SupportProgram.objects.get(agency__ori="PA0990500")
    assert ended.ended_on is not None and ProgramVersion.objects.filter(program=ended).count() == 2
    assert YearlyFiguresVersion.objects.filter(number=2).exists()
    program = GrantProgram.objects.get(sec4_priority=True)
    riverbend = SupportProgram.objects.get(agency__ori="CA0990100").agency_id
    answer = answers_for([riverbend])[riverbend]
    assert answer.met and answer.reason.startswith(
        "co-responder team with Riverbend Community Mental Health and Riverbend County Social Services "
        "since March 2024; 64% of officers trained"
    )
    assert program.applicants.count() == len(AGENCIES)
