"""Hiring checks: a candidate looked up by name and date of birth, the look-up logged with its purpose."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_agency_staff
from common.errors import NotAllowed

from ..matching import EXACT, Match, find_matches
from ..models import HiringCheck
from ..validation import clean_certificate, clean_date_of_birth, clean_name, clean_text


@dataclass(frozen=True)
class Hit:
    """All a check shows of a record: its kind, its year and the agency to contact for the file."""

    kind: str
    kind_label: str
    year: int
    agency_name: str
    agency_ori: str
    agency_state: str
    why: str

    @classmethod
    def of(cls, match: Match) -> "Hit":
        record = match.record
        return cls(
            record.kind,
            record.get_kind_display(),
            record.action_date.year,
            record.agency.name,
            record.agency.ori,
            record.agency.state,
            match.why,
        )


@dataclass(frozen=True)
class CheckResult:
    check: HiringCheck
    exact: list[Hit]
    possible: list[Hit]


def run_hiring_check(
    *,
    actor: User,
    candidate_name: str,
    date_of_birth: date | None,
    purpose: str,
    certificate_number: str = "",
) -> CheckResult:
    """Look a candidate up in every agency's final records; the check is logged whatever it finds."""
    if not is_agency_staff(actor) or not actor.agency_id:
        raise NotAllowed("Only an agency's staff check candidates.")
    name, key = clean_name(candidate_name, field="candidate_name")
    born = clean_date_of_birth(date_of_birth, today=timezone.localdate())
    certificate = clean_certificate(certificate_number)
    why = clean_text(purpose, field="purpose", label="purpose of the check", max_length=500)
    with transaction.atomic():
        matches = find_matches(name_key=key, date_of_birth=born, certificate_number=certificate)
        exact = [Hit.of(m) for m in matches if m.strength == EXACT]
        possible = [Hit.of(m) for m in matches if m.strength != EXACT]
        check = HiringCheck.objects.create(
            checked_by=actor,
            agency_id=actor.agency_id,
            candidate_name=name,
            date_of_birth=born,
            certificate_number=certificate,
            purpose=why,
            exact_matches=len(exact),
            possible_matches=len(possible),
        )
    return CheckResult(check, exact, possible)
