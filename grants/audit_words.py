"""How the audit trail words grant programs and their applicants: see ``common.audit_words``."""

from collections.abc import Sequence

from common.audit_words import Words, numeric, register_action, register_object

from .models import GrantApplicant, GrantProgram


def _programs(ids: Sequence[str]) -> dict[str, str]:
    rows = GrantProgram.objects.filter(pk__in=numeric(ids)).values_list("pk", "name", "fiscal_year")
    return {str(pk): f"the grant program {name} (FY{year})" for pk, name, year in rows}


def _applicants(ids: Sequence[str]) -> dict[str, str]:
    rows = GrantApplicant.objects.filter(pk__in=numeric(ids)).values_list(
        "pk", "agency__name", "program__name", "program__fiscal_year"
    )
    return {str(pk): f"{agency}'s application to {name} (FY{year})" for pk, agency, name, year in rows}


def _applicant_added(words: Words) -> str:
    return f"{words.who} added {words.after('agency')} to the applicants of {words.after('program')}"


def _applicant_removed(words: Words) -> str:
    return f"{words.who} removed {words.before('agency')} from the applicants of {words.before('program')}"


def register() -> None:
    register_object("grants.grantprogram", noun="Grant program", namer=_programs)
    register_object("grants.grantapplicant", noun="Grant applicant", namer=_applicants)
    register_action("program.created", label="Grant program created", sentence="{who} created {thing}")
    register_action("program.updated", label="Grant program changed", sentence="{who} changed {thing}")
    register_action("applicant.added", label="Grant applicant added", sentence=_applicant_added)
    register_action("applicant.removed", label="Grant applicant removed", sentence=_applicant_removed)
    register_action(
        "applicants.imported",
        label="Grant applicants imported",
        sentence="{who} imported applicants into {thing}",
    )
