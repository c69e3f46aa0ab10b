"""Writes of Sec. 4 programs and their yearly figures: each one service, one transaction, the agency's row
locked, the audit row written with the change, nothing ever overwritten (versions are appended)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from common.audit import changed, snapshot
from common.audit import record as audit
from common.errors import NotFound, RuleViolation
from common.generations import bump

from .models import TERMS, ProgramVersion, SupportProgram, YearlyFigures, YearlyFiguresVersion
from .permissions import can_keep_programs
from .validation import clean_count, clean_terms, clean_text

AUDITED_PROGRAM_FIELDS = ("agency", *TERMS, "version")
AUDITED_FIGURES_FIELDS = ("program", "year", "calls_answered_jointly", "referrals_made", "version")
# Bumped by every change of a program: cached applicant counts filtered by the Sec. 4 priority watch it.
SEC4_GENERATION = "sec4"


def _lock(agency_id: int) -> Agency:
    # NO KEY UPDATE: a running eligibility recompute's foreign-key checks on the agency are not blocked.
    return Agency.objects.select_for_update(no_key=True).get(pk=agency_id)


def _version(program: SupportProgram, *, actor: User, note: str) -> ProgramVersion:
    return ProgramVersion.objects.create(
        program=program,
        agency_id=program.agency_id,
        number=program.version,
        note=note,
        recorded_by=actor,
        recorded_at=program.changed_at,
        **{name: getattr(program, name) for name in TERMS},
    )


def create_program(*, actor: User, agency: Agency, **terms: Any) -> SupportProgram:
    """Record a program the agency runs (version 1)."""
    if not can_keep_programs(actor, agency):
        raise RuleViolation("You can only record your own agency's programs.", field="agency")
    cleaned = clean_terms(today=timezone.localdate(), **terms)
    with transaction.atomic():
        locked = _lock(agency.pk)
        now = timezone.now()
        program = SupportProgram.objects.create(
            agency=locked, created_by=actor, created_at=now, changed_at=now, **cleaned
        )
        _version(program, actor=actor, note="")
        audit(
            actor=actor,
            action="sec4_program.created",
            obj=program,
            after=snapshot(program, AUDITED_PROGRAM_FIELDS),
        )
        bump(SEC4_GENERATION)
    return program


def update_program(*, actor: User, program: SupportProgram, note: str = "", **terms: Any) -> SupportProgram:
    """New terms for a program (ending it included): a new version, the earlier ones kept."""
    cleaned = clean_terms(today=timezone.localdate(), **terms)
    why = clean_text(note, field="note", label="reason for the change", max_length=1000, required=False)
    with transaction.atomic():
        locked_agency = _lock(program.agency_id)
        if not can_keep_programs(actor, locked_agency):
            raise NotFound("No such program.")
        try:
            current = SupportProgram.objects.select_for_update().get(pk=program.pk)
        except SupportProgram.DoesNotExist:
            raise NotFound("No such program.") from None
        before = snapshot(current, AUDITED_PROGRAM_FIELDS)
        for name, value in cleaned.items():
            setattr(current, name, value)
        old, new = changed(before, snapshot(current, AUDITED_PROGRAM_FIELDS))
        if not new:
            raise RuleViolation("Nothing changed: the program already reads so.", field=None)
        current.version += 1
        current.changed_at = timezone.now()
        current.save()
        _version(current, actor=actor, note=why)
        audit(
            actor=actor,
            action="sec4_program.updated",
            obj=current,
            before={**old, "version": current.version - 1},
            after={**new, "version": current.version},
            reason=why,
        )
        bump(SEC4_GENERATION)
    return current


def _check_year(program: SupportProgram, year: Any, today: date) -> int:
    if year is None or isinstance(year, bool) or not isinstance(year, int):
        raise RuleViolation("Enter the year as four digits, for example 2025.", field="year")
    if year >= today.year:
        raise RuleViolation(
            f"{year} has not ended yet: its figures can be filed from January 1, {year + 1}.", field="year"
        )
    if year < program.started_on.year:
        raise RuleViolation(
            f"The program started in {program.started_on.year}: there are no figures for {year}.",
            field="year",
        )
    if program.ended_on is not None and year > program.ended_on.year:
        raise RuleViolation(
            f"The program ended in {program.ended_on.year}: there are no figures for {year}.", field="year"
        )
    return year


def file_yearly_figures(
    *,
    actor: User,
    program: SupportProgram,
    year: Any,
    calls_answered_jointly: Any,
    referrals_made: Any,
    note: str = "",
) -> YearlyFigures:
    """File a calendar year's figures of a program once the year has ended; filing a year again amends
    it (a reason is then required) and keeps every earlier filing."""
    calls = clean_count(
        calls_answered_jointly, field="calls_answered_jointly", label="calls answered jointly"
    )
    referrals = clean_count(referrals_made, field="referrals_made", label="referrals made")
    why = clean_text(note, field="note", label="note", max_length=1000, required=False)
    with transaction.atomic():
        locked_agency = _lock(program.agency_id)
        if not can_keep_programs(actor, locked_agency):
            raise NotFound("No such program.")
        try:
            current_program = SupportProgram.objects.get(pk=program.pk)
        except SupportProgram.DoesNotExist:
            raise NotFound("No such program.") from None
        year = _check_year(current_program, year, timezone.localdate())
        existing = (
            YearlyFigures.objects.select_for_update().filter(program=current_program, year=year).first()
        )
        now = timezone.now()
        if existing is None:
            figures = YearlyFigures.objects.create(
                program=current_program,
                year=year,
                calls_answered_jointly=calls,
                referrals_made=referrals,
                first_filed_at=now,
                filed_at=now,
                filed_by=actor,
            )
            action, before = "sec4_figures.filed", {}
        else:
            if not why:
                raise RuleViolation(
                    f"The figures for {year} were filed already: give the reason for amending them.",
                    field="note",
                )
            before = snapshot(existing, AUDITED_FIGURES_FIELDS)
            figures = existing
            figures.calls_answered_jointly, figures.referrals_made = calls, referrals
            figures.version += 1
            figures.filed_at, figures.filed_by = now, actor
            figures.save()
            action = "sec4_figures.amended"
        YearlyFiguresVersion.objects.create(
            figures=figures,
            number=figures.version,
            calls_answered_jointly=calls,
            referrals_made=referrals,
            note=why,
            filed_by=actor,
            filed_at=now,
        )
        audit(
            actor=actor,
            action=action,
            obj=figures,
            before=before,
            after=snapshot(figures, AUDITED_FIGURES_FIELDS),
            reason=why,
        )
    return figures
