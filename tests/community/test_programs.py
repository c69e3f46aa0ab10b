"""Sec. 4 programs through their services: versions kept, audit rows written, bad input refused."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from common.append_only import AppendOnlyError
from common.errors import NotFound, RuleViolation
from common.models import AuditEntry
from community.models import ProgramVersion, SupportProgram, YearlyFigures, YearlyFiguresVersion
from community.services import create_program, file_yearly_figures, update_program
from tests.factories import AgencyStaffFactory, DojAdministratorFactory, sec4_program, sec4_terms

pytestmark = pytest.mark.django_db


def test_recording_a_program_keeps_version_one_and_an_audit_row(staff):
    program = sec4_program(actor=staff)
    assert program.agency_id == staff.agency_id and program.version == 1
    version = ProgramVersion.objects.get(program=program)
    assert version.number == 1 and version.partners == program.partners
    entry = AuditEntry.objects.get(action="sec4_program.created")
    assert entry.object_id == str(program.pk) and entry.actor == staff
    assert entry.after["officers_trained_share"] == 64


def test_a_change_is_a_new_version_and_the_old_one_is_kept(staff):
    program = sec4_program(actor=staff)
    changed = update_program(
        actor=staff, program=program, note="Grant ended", **sec4_terms(ended_on=date(2025, 6, 30))
    )
    assert changed.version == 2 and changed.ended_on == date(2025, 6, 30)
    numbers = list(ProgramVersion.objects.filter(program=program).values_list("number", "ended_on"))
    assert numbers == [(1, None), (2, date(2025, 6, 30))]
    entry = AuditEntry.objects.get(action="sec4_program.updated")
    assert entry.before == {"ended_on": None, "version": 1}
    assert entry.after == {"ended_on": "2025-06-30", "version": 2}
    assert entry.reason == "Grant ended"


def test_versions_refuse_change():
    program = sec4_program()
    version = ProgramVersion.objects.get(program=program)
    with pytest.raises(AppendOnlyError):
        version.save()
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE community_programversion SET note = 'x' WHERE id = %s", [version.pk])


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"started_on": timezone.localdate() + timedelta(days=3)}, "started_on", "in the future"),
        ({"jurisdiction_share": 120}, "jurisdiction_share", "from 0 to 100"),
        ({"officers_trained_share": 101}, "officers_trained_share", "from 0 to 100"),
        ({"hours_per_week": 200}, "hours_per_week", "from 1 to 168"),
        ({"model": "other"}, "other_name", "Enter the name of the model"),
        ({"partners": []}, "partners", "at least one partner"),
        ({"partners": [{"name": "X", "kind": "church"}]}, "partners", "kind of partner 1"),
        ({"ended_on": date(2024, 1, 1)}, "ended_on", "after the day it started"),
        ({"training_name": ""}, "training_name", "Name the training"),
    ],
)
def test_bad_terms_are_refused_with_their_field(staff, overrides, field, words):
    with pytest.raises(RuleViolation) as refused:
        create_program(actor=staff, agency=staff.agency, **sec4_terms(**overrides))
    assert refused.value.field == field and words in refused.value.message
    assert not SupportProgram.objects.exists() and not AuditEntry.objects.exists()


def test_only_the_agencys_own_staff_record_and_change(staff):
    stranger = AgencyStaffFactory()
    with pytest.raises(RuleViolation):
        create_program(actor=stranger, agency=staff.agency, **sec4_terms())
    program = sec4_program(actor=staff)
    with pytest.raises(NotFound):
        update_program(actor=stranger, program=program, **sec4_terms(hours_per_week=10))
    with pytest.raises(NotFound):
        update_program(actor=DojAdministratorFactory(), program=program, **sec4_terms(hours_per_week=10))


def test_yearly_figures_are_filed_once_then_amended_with_a_reason(staff):
    program = sec4_program(actor=staff)
    last_year = timezone.localdate().year - 1
    first = file_yearly_figures(
        actor=staff, program=program, year=last_year, calls_answered_jointly=410, referrals_made=96
    )
    assert first.version == 1
    with pytest.raises(RuleViolation) as refused:
        file_yearly_figures(
            actor=staff, program=program, year=last_year, calls_answered_jointly=412, referrals_made=97
        )
    assert refused.value.field == "note"
    amended = file_yearly_figures(
        actor=staff,
        program=program,
        year=last_year,
        calls_answered_jointly=412,
        referrals_made=97,
        note="Two calls logged late",
    )
    assert amended.pk == first.pk and amended.version == 2 and amended.calls_answered_jointly == 412
    assert list(
        YearlyFiguresVersion.objects.order_by("number").values_list("calls_answered_jointly", flat=True)
    ) == [
        410,
        412,
    ]
    actions = list(
        AuditEntry.objects.filter(action__startswith="sec4_figures").values_list("action", flat=True)
    )
    assert sorted(actions) == ["sec4_figures.amended", "sec4_figures.filed"]


@pytest.mark.parametrize(
    ("year", "words"),
    [
        (timezone.localdate().year, "has not ended yet"),
        (timezone.localdate().year + 1, "has not ended yet"),
        (2023, "started in 2024"),
    ],
)
def test_a_year_not_ended_or_before_the_program_is_refused(staff, year, words):
    program = sec4_program(actor=staff)
    with pytest.raises(RuleViolation) as refused:
        file_yearly_figures(
            actor=staff, program=program, year=year, calls_answered_jointly=1, referrals_made=1
        )
    assert refused.value.field == "year" and words in refused.value.message
    assert not YearlyFigures.objects.exists()
