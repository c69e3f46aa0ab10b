"""The numbers of the dashboards and the public pages: aggregate SQL over the stored flags, a fixed number
of queries whatever the number of agencies, now or as of a past day.

Every figure reads the flag (``is_eligible``) and its basis as ``annotate_applicants`` and
``annotate_agencies`` give them (from the history, one window pass, for a past day), so a change to the rule
or to the reconstruction flows in here without a change to this module.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from agencies.models import Agency, AgencyType
from agencies.states import State

from .models import EligibilityBasis, EligibilityChange, GrantApplicant, GrantProgram
from .priority import annotate_sec4
from .reasons import LABELS as REASON_LABELS
from .reasons import reason_kind
from .selectors import annotate_agencies, annotate_applicants, end_of_day, standing_changes

# Each status a card counts: its key, its label, its condition on an annotated row, and the applicants
# filter's query parameters that select exactly those rows.
STATUSES: list[tuple[str, str, Q, dict[str, str]]] = [
    ("eligible", "Eligible", Q(is_eligible=True), {"eligible": "yes"}),
    (
        "credentialed",
        "Credentialed",
        Q(is_eligible=True, basis=EligibilityBasis.CREDENTIALED),
        {"eligible": "yes", "basis": EligibilityBasis.CREDENTIALED},
    ),
    (
        "in_process",
        "In process",
        Q(is_eligible=True, basis=EligibilityBasis.IN_PROCESS),
        {"eligible": "yes", "basis": EligibilityBasis.IN_PROCESS},
    ),
    (
        "exempt",
        "Exempt (tribal)",
        Q(is_eligible=True, basis=EligibilityBasis.EXEMPT),
        {"eligible": "yes", "basis": EligibilityBasis.EXEMPT},
    ),
    ("not_eligible", "Not eligible", Q(is_eligible=False), {"eligible": "no"}),
]
STATUS_KEYS = [key for key, *_ in STATUSES]
TREND_WEEKS = 26


@dataclass(frozen=True)
class Counts:
    """How many rows (and, for applicants, how many dollars requested) in total and by status."""

    total: int
    by_status: dict[str, int]
    dollars_total: Decimal | None = None
    dollars: dict[str, Decimal] = field(default_factory=dict)

    @property
    def share_eligible(self) -> float | None:
        return self.by_status["eligible"] / self.total if self.total else None


@dataclass(frozen=True)
class Group:
    """One row of a breakdown (a state, an agency type, a body)."""

    key: str
    label: str
    counts: Counts


def _aggregates(amount: str | None) -> dict[str, Any]:
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for key, _, condition, _ in STATUSES:
        aggregates[key] = Count("pk", filter=condition)
        if amount:
            aggregates[f"dollars_{key}"] = Sum(amount, filter=condition)
    if amount:
        aggregates["dollars_total"] = Sum(amount)
    return aggregates


def _counts(values: dict[str, Any], amount: str | None) -> Counts:
    zero = Decimal("0")
    return Counts(
        total=values["total"],
        by_status={key: values[key] for key in STATUS_KEYS},
        dollars_total=(values["dollars_total"] or zero) if amount else None,
        dollars={key: values[f"dollars_{key}"] or zero for key in STATUS_KEYS} if amount else {},
    )


def count_rows(rows: QuerySet, *, amount: str | None = None) -> Counts:
    """One aggregate query over annotated rows."""
    return _counts(rows.order_by().aggregate(**_aggregates(amount)), amount)


def group_rows(
    rows: QuerySet, by: str, labels: dict[str, str], *, amount: str | None = None, label_field: str = ""
) -> list[Group]:
    """One grouped aggregate query: a ``Group`` per value of ``by`` that has rows, in ``labels`` order
    (then by label for values ``labels`` does not name)."""
    fields = [by, label_field] if label_field else [by]
    grouped = rows.order_by().values(*fields).annotate(**_aggregates(amount))
    order = {key: n for n, key in enumerate(labels)}
    groups = [
        Group(
            key=str(values[by]),
            label=labels.get(values[by]) or str(values.get(label_field) or values[by]),
            counts=_counts(values, amount),
        )
        for values in grouped
    ]
    return sorted(groups, key=lambda g: (order.get(g.key, len(order)), g.label))


def total_of(groups: list[Group], *, amount: str | None = None) -> Counts:
    """The counts over all rows, added up from a breakdown that covers every row (each row falls in
    exactly one group), so the totals cost no query of their own."""
    zero = Decimal("0")
    return Counts(
        total=sum(g.counts.total for g in groups),
        by_status={key: sum(g.counts.by_status[key] for g in groups) for key in STATUS_KEYS},
        dollars_total=sum((g.counts.dollars_total or zero for g in groups), zero) if amount else None,
        dollars={key: sum((g.counts.dollars[key] for g in groups), zero) for key in STATUS_KEYS}
        if amount
        else {},
    )


def reason_counts(rows: QuerySet) -> list[tuple[str, str, int]]:
    """(kind, label, count) of the not-eligible rows by kind of reason, most frequent first: one query."""
    grouped = (
        rows.filter(is_eligible=False)
        .annotate(reason_kind=reason_kind())
        .order_by()
        .values("reason_kind")
        .annotate(n=Count("pk"))
    )
    found = [(g["reason_kind"], REASON_LABELS[g["reason_kind"]], g["n"]) for g in grouped]
    return sorted(found, key=lambda r: (-r[2], r[1]))


STATE_LABELS = {code: str(label) for code, label in State.choices}
TYPE_LABELS = {code: str(label) for code, label in AgencyType.choices}


@dataclass(frozen=True)
class ProgramDashboard:
    program: GrantProgram
    as_of: date | None
    now: Counts
    at_deadline: Counts
    by_state: list[Group]
    reasons: list[tuple[str, str, int]]
    computed_at: datetime
    # Applicants meeting the Sec. 4 priority (now or as of the day); None where the program does not weigh it.
    sec4_met: int | None = None


def sec4_count(rows: QuerySet, *, as_of: datetime | None) -> int:
    """How many annotated rows meet the Sec. 4 priority: one query."""
    counted = annotate_sec4(rows, as_of=as_of).order_by().aggregate(n=Count("pk", filter=Q(sec4_met=True)))
    return counted["n"]


def program_dashboard(program: GrantProgram, *, as_of: date | None = None) -> ProgramDashboard:
    """A program's applicants counted now (or at the end of ``as_of``) and at the end of its deadline day,
    by state, and why those not eligible are not: three queries (the totals are the sum of the states), a
    fourth where the program weighs Sec. 4."""
    moment = end_of_day(as_of) if as_of else None
    applicants = GrantApplicant.objects.filter(program=program)
    rows = annotate_applicants(applicants, program=program, as_of=moment)
    deadline_rows = annotate_applicants(
        applicants, program=program, as_of=end_of_day(program.application_deadline)
    )
    by_state = group_rows(rows, "agency__state", STATE_LABELS, amount="amount_requested")
    return ProgramDashboard(
        program=program,
        as_of=as_of,
        now=total_of(by_state, amount="amount_requested"),
        at_deadline=count_rows(deadline_rows, amount="amount_requested"),
        by_state=by_state,
        reasons=reason_counts(rows),
        computed_at=timezone.now(),
        sec4_met=sec4_count(rows, as_of=moment) if program.sec4_priority else None,
    )


@dataclass(frozen=True)
class TrendPoint:
    day: date
    eligible: int
    total: int


@dataclass(frozen=True)
class Trend:
    """The weekly points from the first week that has history; ``history_starts`` is the day of the
    first recorded change (None: no history at all), so a chart never draws weeks before it as 0."""

    points: list[TrendPoint]
    history_starts: date | None
    weeks: int  # how many weeks were asked for

    @property
    def cut(self) -> bool:
        """Weeks of the asked span were left out because the history starts after them."""
        return self.history_starts is not None and len(self.points) < self.weeks


@dataclass(frozen=True)
class NationalOverview:
    as_of: date | None
    counts: Counts
    by_state: list[Group]
    by_type: list[Group]
    by_body: list[Group]
    reasons: list[tuple[str, str, int]]
    trend: Trend
    computed_at: datetime


def trend_days(last: date, weeks: int = TREND_WEEKS) -> list[date]:
    """The last day of each of ``weeks`` weeks ending on ``last``, oldest first."""
    return [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def eligibility_trend(last: date, weeks: int = TREND_WEEKS) -> Trend:
    """Agencies eligible at the end of each week, from the history (the change in force at each week's
    end, as ``annotate_agencies`` reads it for one day), and the agencies registered by then: two
    queries. Weeks that end before the first recorded change are left out: the history cannot say how
    many agencies were eligible then, and drawing them as 0 would show a jump that never happened."""
    days = trend_days(last, weeks)
    eligible = EligibilityChange.objects.aggregate(
        first=Min("changed_at"),
        **{
            f"eligible{n}": Count("pk", filter=Q(eligible=True, id__in=standing_changes(end_of_day(day))))
            for n, day in enumerate(days)
        },
    )
    first = eligible["first"]
    starts = timezone.localdate(first) if first else None
    shown = [(n, day) for n, day in enumerate(days) if starts is not None and day >= starts]
    totals = Agency.objects.aggregate(
        **{f"total{n}": Count("pk", filter=Q(created_at__lte=end_of_day(day))) for n, day in enumerate(days)}
    )
    points = [
        TrendPoint(day=day, eligible=eligible[f"eligible{n}"], total=totals[f"total{n}"]) for n, day in shown
    ]
    return Trend(points=points, history_starts=starts, weeks=weeks)


def national_overview(*, as_of: date | None = None, weeks: int = TREND_WEEKS) -> NationalOverview:
    """Every agency counted now (or at the end of ``as_of``), by state, by agency type and by the body
    its eligibility rests on, with the reasons and the weekly trend: six queries (the totals are the sum
    of the states)."""
    moment = end_of_day(as_of) if as_of else None
    rows = annotate_agencies(Agency.objects.all(), as_of=moment)
    resting = rows.filter(Q(is_eligible=True) & Q(body_id__isnull=False))
    by_state = group_rows(rows, "state", STATE_LABELS)
    return NationalOverview(
        as_of=as_of,
        counts=total_of(by_state),
        by_state=by_state,
        by_type=group_rows(rows, "agency_type", TYPE_LABELS),
        by_body=group_rows(resting, "body_id", {}, label_field="body_name"),
        reasons=reason_counts(rows),
        trend=eligibility_trend(as_of or timezone.localdate(), weeks),
        computed_at=timezone.now(),
    )


DASHBOARD_CACHE_SECONDS = 60


def program_dashboard_key(program: GrantProgram, *, as_of: date | None = None) -> str:
    terms = f"{program.application_deadline}:{program.kind}:{program.sec4_priority}"
    return f"dashboard:program:{program.pk}:{terms}:{as_of}"


def cached_program_dashboard(program: GrantProgram, *, as_of: date | None = None) -> ProgramDashboard:
    """``program_dashboard`` kept for a minute; the key holds what the figures depend on besides the
    flags (the deadline), so an edited deadline is never served from the cache."""
    key = program_dashboard_key(program, as_of=as_of)
    return cast(
        ProgramDashboard,
        cache.get_or_set(key, lambda: program_dashboard(program, as_of=as_of), DASHBOARD_CACHE_SECONDS),
    )


def national_overview_key(*, as_of: date | None = None) -> str:
    return f"dashboard:national:{as_of or timezone.localdate()}:{as_of is None}"


def cached_national_overview(*, as_of: date | None = None) -> NationalOverview:
    key = national_overview_key(as_of=as_of)
    return cast(
        NationalOverview,
        cache.get_or_set(key, lambda: national_overview(as_of=as_of), DASHBOARD_CACHE_SECONDS),
    )
