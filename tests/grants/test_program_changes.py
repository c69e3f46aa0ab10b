"""Editing a program, and every change of programs and applicants on the record."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from common.errors import NotAllowed, RuleViolation
from common.models import AuditEntry
from grants import selectors
from grants.models import GrantApplicant
from grants.services import (
    add_applicant,
    create_program,
    import_applicants_csv,
    recompute_all_eligibility,
    remove_applicant,
    update_program,
)
from tests.factories import AgencyFactory, ApplicationFactory, ProgramFactory

pytestmark = pytest.mark.django_db

TERMS = {
    "name": "COPS Hiring",
    "fiscal_year": 2027,
    "kind": "discretionary",
    "application_deadline": date(2027, 3, 31),
}


def test_creating_a_program_is_audited(grant_officer):
    program = create_program(actor=grant_officer, **TERMS)
    entry = AuditEntry.objects.get(action="program.created")
    assert entry.object_id == str(program.pk)
    assert entry.after["application_deadline"] == "2027-03-31" and entry.after["kind"] == "discretionary"


def test_an_edit_is_checked_by_the_same_rules_as_a_new_program(grant_officer):
    program = create_program(actor=grant_officer, **TERMS)
    for change, field in (
        ({"application_deadline": date(2028, 1, 1)}, "application_deadline"),
        ({"fiscal_year": 2019}, "fiscal_year"),
        ({"kind": "block"}, "kind"),
        ({"name": " "}, "name"),
    ):
        with pytest.raises(RuleViolation) as refused:
            update_program(actor=grant_officer, program=program, **{**TERMS, **change})
        assert refused.value.field == field
        with pytest.raises(RuleViolation) as refused_new:
            create_program(actor=grant_officer, **{**TERMS, "name": "Another", **change})
        assert refused_new.value.message == refused.value.message


def test_a_duplicate_name_and_a_wrong_role_are_refused(grant_officer, doj_admin):
    program = create_program(actor=grant_officer, **TERMS)
    other = create_program(actor=grant_officer, **{**TERMS, "name": "Other"})
    with pytest.raises(RuleViolation, match="already a program"):
        update_program(actor=grant_officer, program=other, **TERMS)
    with pytest.raises(NotAllowed):
        update_program(actor=doj_admin, program=program, **TERMS)


def test_an_edit_is_audited_with_before_and_after(grant_officer):
    program = create_program(actor=grant_officer, **TERMS)
    update_program(actor=grant_officer, program=program, **{**TERMS, "kind": "formula"})
    entry = AuditEntry.objects.get(action="program.updated")
    assert (entry.before, entry.after) == ({"kind": "discretionary"}, {"kind": "formula"})
    update_program(actor=grant_officer, program=program, **{**TERMS, "kind": "formula"})
    assert AuditEntry.objects.filter(action="program.updated").count() == 1


def test_a_new_deadline_changes_who_was_eligible_at_it_at_once(grant_officer, agency, body):
    program = ProgramFactory(application_deadline=timezone.localdate() - timedelta(days=1))
    add_applicant(actor=grant_officer, program=program, agency=agency, amount_requested="1000")
    ApplicationFactory(agency=agency, body=body, submitted=True)
    recompute_all_eligibility()  # eligible from now on: after the deadline of yesterday
    assert not selectors.applicants_of(program).get().eligible_at_deadline
    later = timezone.localdate() + timedelta(days=30)
    update_program(
        actor=grant_officer,
        program=program,
        name=program.name,
        fiscal_year=program.fiscal_year,
        kind=program.kind,
        application_deadline=later,
    )
    assert selectors.applicants_of(program).get().eligible_at_deadline


def test_adding_and_removing_an_applicant_are_audited(grant_officer, agency):
    program = ProgramFactory()
    applicant = add_applicant(
        actor=grant_officer, program=program, agency=agency, amount_requested="2,500.00"
    )
    added = AuditEntry.objects.get(action="applicant.added")
    assert added.after == {"program": program.pk, "agency": agency.pk, "amount_requested": "2500.00"}
    remove_applicant(actor=grant_officer, applicant=applicant)
    assert not GrantApplicant.objects.exists()
    removed = AuditEntry.objects.get(action="applicant.removed")
    assert removed.before["agency"] == agency.pk and removed.object_id == str(applicant.pk)


def test_an_import_writes_one_entry_with_its_counts(grant_officer):
    program = ProgramFactory()
    agencies = [AgencyFactory(state="CA") for _ in range(3)]
    add_applicant(actor=grant_officer, program=program, agency=agencies[0], amount_requested="10")
    rows = "\n".join(f"{a.ori},{100 + i}" for i, a in enumerate(agencies))
    report = import_applicants_csv(
        actor=grant_officer, program=program, file=io.BytesIO(f"ori,amount\n{rows}\n".encode())
    )
    assert (report.added, report.updated) == (2, 1)
    entry = AuditEntry.objects.get(action="applicants.imported")
    assert entry.object_type == "grants.grantprogram" and entry.object_id == str(program.pk)
    assert entry.after == {"rows": 3, "added": 2, "updated": 1}


def test_a_refused_import_writes_no_entry(grant_officer):
    program = ProgramFactory()
    report = import_applicants_csv(actor=grant_officer, program=program, file=io.BytesIO(b"ZZ0000000,10\n"))
    assert report.errors and not AuditEntry.objects.filter(action="applicants.imported").exists()
