"""The Sec. 4 priority consideration: one rule, as a pure function of plain facts, and its SQL mirror.

EO 13929 Sec. 5(b)(i) asks grant programs to help agencies implement the co-responder and community-
support models of Sec. 4. A grant program that names Sec. 4 as a priority shows, beside eligibility and
never changing it, whether each applicant meets it and why. The rule (``RULE``) is stated on the
program's page; ``priority`` decides it and explains it; ``active_on`` is the same test as SQL, for the
filters, sorts and counts (the tests hold the two together).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from common.humanize import human_date

from .models import SupportModel

RULE = (
    "Met when, on the day in question, the agency has on record at least one co-responder or "
    "community-support program (any Sec. 4 model) that had started on or before that day and had not "
    "ended. Officers trained, coverage and yearly figures are shown with it but do not decide it."
)
NO_PROGRAM_REASON = "no co-responder or community-support program on record"


@dataclass(frozen=True)
class ProgramFacts:
    """What the rule needs to know of one program, as recorded on the day in question."""

    id: int
    model: str
    other_name: str
    partners: list[dict[str, str]]
    started_on: date
    ended_on: date | None
    officers_trained_share: int


@dataclass(frozen=True)
class Priority:
    met: bool
    reason: str


def is_active(program: ProgramFacts, day: date) -> bool:
    return program.started_on <= day and (program.ended_on is None or program.ended_on > day)


def active_on(day: date, *, prefix: str = "") -> Q:
    """``is_active`` as a condition on the fields ``{prefix}started_on`` and ``{prefix}ended_on``."""
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def model_label(model: str, other_name: str = "") -> str:
    if model == SupportModel.OTHER:
        return other_name or "other community-support program"
    label = str(SupportModel(model).label) if model in SupportModel.values else model
    return label[0].lower() + label[1:]


def _partners(partners: list[dict[str, str]]) -> str:
    names = [p.get("name", "") for p in partners if p.get("name")]
    if not names:
        return ""
    return " with " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


def _month(day: date) -> str:
    return f"{day:%B} {day.year}"


def describe(program: ProgramFacts) -> str:
    """ "co-responder team with Riverbend Community Mental Health since March 2024; 64% of officers
    trained"."""
    return (
        f"{model_label(program.model, program.other_name)}{_partners(program.partners)} since "
        f"{_month(program.started_on)}; {program.officers_trained_share}% of officers trained"
    )


def priority(programs: Iterable[ProgramFacts], day: date) -> Priority:
    """The rule: met when at least one program is active on ``day``. The reason names the longest-running
    active program (then the most officers trained); when none is, the one that ended last or the one
    that has not started yet."""
    known = list(programs)
    active = [p for p in known if is_active(p, day)]
    if active:
        best = min(active, key=lambda p: (p.started_on, -p.officers_trained_share, p.id))
        reason = describe(best)
        if len(active) > 1:
            reason += f" (and {len(active) - 1} more program{'s' if len(active) > 2 else ''})"
        return Priority(True, reason)
    ended = [p for p in known if p.ended_on is not None and p.ended_on <= day]
    if ended:
        last = max(ended, key=lambda p: (p.ended_on, p.id))
        what = model_label(last.model, last.other_name)
        return Priority(False, f"{what}{_partners(last.partners)} ended on {human_date(last.ended_on)}")
    later = [p for p in known if p.started_on > day]
    if later:
        first = min(later, key=lambda p: (p.started_on, p.id))
        what = model_label(first.model, first.other_name)
        return Priority(False, f"{what} not started until {human_date(first.started_on)}")
    return Priority(False, NO_PROGRAM_REASON)
