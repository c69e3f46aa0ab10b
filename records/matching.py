"""The hiring-check matching rule, in one place, with two ways of measuring how alike two names are.

A record can only match a candidate of the same date of birth. Among those:
- exact: the same name (as ``names.normalise_name`` reduces it), or the same certificate number;
- possible: the first and last names swapped, a middle name or initial missing or only an initial,
  or the name spelled another way (similar enough by the backend's measure);
- otherwise no match.
PostgreSQL measures spelling with pg_trgm's ``similarity`` in the query; elsewhere rapidfuzz measures
it on the same handful of rows. Only final records are ever considered.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import QuerySet
from rapidfuzz import fuzz

from .models import ProcessStatus, UseOfForceRecord

EXACT = "exact"
POSSIBLE = "possible"
# How alike two spellings must be: pg_trgm's similarity (0..1) and rapidfuzz's ratio (0..100).
TRIGRAM_THRESHOLD = 0.45
RAPIDFUZZ_THRESHOLD = 80.0


@dataclass(frozen=True)
class Match:
    record: UseOfForceRecord
    strength: str  # EXACT or POSSIBLE
    why: str


def _middles_compatible(ours: list[str], theirs: list[str]) -> bool:
    """Middle names agree where both have one; an initial agrees with a name of that letter."""
    for a, b in zip(ours, theirs, strict=False):
        if not (a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))):
            return False
    return True


def classify(
    query: str, candidate: str, *, same_certificate: bool, spelled_alike: bool
) -> tuple[str, str] | None:
    """The rule itself, on two normalised names: (strength, why) or None."""
    if candidate == query:
        return EXACT, "same name and date of birth"
    if same_certificate:
        return EXACT, "same certificate number and date of birth"
    ours, theirs = query.split(), candidate.split()
    if sorted(ours) == sorted(theirs):
        return POSSIBLE, "the same names in another order"
    if len(ours) >= 2 and len(theirs) >= 2:
        if ours[0] == theirs[0] and ours[-1] == theirs[-1] and _middles_compatible(ours[1:-1], theirs[1:-1]):
            return POSSIBLE, "a middle name missing or given as an initial"
        if ours[0] == theirs[-1] and ours[-1] == theirs[0]:
            return POSSIBLE, "first and last names swapped"
    if spelled_alike:
        return POSSIBLE, "the name spelled another way"
    return None


def _candidates(date_of_birth: date) -> QuerySet[UseOfForceRecord]:
    return (
        UseOfForceRecord.objects.filter(date_of_birth=date_of_birth, process_status=ProcessStatus.FINAL)
        .select_related("agency")
        .order_by("-action_date", "id")
    )


def find_matches(*, name_key: str, date_of_birth: date, certificate_number: str = "") -> list[Match]:
    """Every final record matching the candidate, exact ones first: one query."""
    rows = _candidates(date_of_birth)
    scored: list[tuple[UseOfForceRecord, bool]]
    if connection.vendor == "postgresql":
        annotated = rows.annotate(similarity=TrigramSimilarity("officer_name_key", name_key))
        scored = [(r, r.similarity >= TRIGRAM_THRESHOLD) for r in annotated]
    else:
        scored = [
            (r, fuzz.token_sort_ratio(name_key, r.officer_name_key) >= RAPIDFUZZ_THRESHOLD) for r in rows
        ]
    matches = []
    for row, alike in scored:
        same_certificate = bool(certificate_number) and row.certificate_number == certificate_number
        verdict = classify(
            name_key, row.officer_name_key, same_certificate=same_certificate, spelled_alike=alike
        )
        if verdict:
            matches.append(Match(row, *verdict))
    return sorted(matches, key=lambda m: m.strength != EXACT)
