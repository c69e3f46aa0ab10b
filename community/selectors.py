"""Reads of Sec. 4 programs: in the reader's scope, their versions and figures, and what was on record
on a past day (for the Sec. 4 priority as of a date)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from common.errors import NotFound

from .models import ProgramVersion, SupportProgram, YearlyFigures, YearlyFiguresVersion
from .permissions import scope_to
from .priority import ProgramFacts, active_on

FACT_FIELDS = (
    "id",
    "agency_id",
    "model",
    "other_name",
    "partners",
    "started_on",
    "ended_on",
    "officers_trained_share",
)


def programs_visible_to(user) -> QuerySet[SupportProgram]:
    return scope_to(user, SupportProgram.objects.select_related("agency"))


def program_visible_to(user, program_id: int) -> SupportProgram:
    """One program in the reader's scope; outside it (or missing) it does not exist."""
    try:
        return programs_visible_to(user).get(pk=program_id)
    except SupportProgram.DoesNotExist:
        raise NotFound("No such program.") from None


def versions_of(program: SupportProgram) -> QuerySet[ProgramVersion]:
    """Every version of the program's terms, latest first."""
    return ProgramVersion.objects.filter(program=program).select_related("recorded_by").order_by("-number")


def figures_of(program: SupportProgram) -> QuerySet[YearlyFigures]:
    return YearlyFigures.objects.filter(program=program).select_related("filed_by").order_by("-year")


def figure_versions_of(program: SupportProgram) -> QuerySet[YearlyFiguresVersion]:
    """Every filing of every year's figures of the program, latest year and latest filing first."""
    return (
        YearlyFiguresVersion.objects.filter(figures__program=program)
        .select_related("figures", "filed_by")
        .order_by("-figures__year", "-number")
    )


def standing_versions(moment: datetime, *, agencies: QuerySet | None = None) -> QuerySet:
    """The ids of each program's version on record at ``moment`` (its last version recorded by then), in
    one window pass whatever the number of programs: the one reconstruction of a past day."""
    versions = ProgramVersion.objects.filter(recorded_at__lte=moment)
    if agencies is not None:
        versions = versions.filter(agency_id__in=agencies)
    return (
        versions.order_by()
        .annotate(newest=Window(RowNumber(), partition_by=[F("program_id")], order_by=[F("number").desc()]))
        .filter(newest=1)
        .values("id")
    )


def active_program_exists(
    *,
    day: date,
    moment: datetime | None = None,
    agency_ref: str = "agency_id",
    agencies: QuerySet | None = None,
) -> Exists:
    """Whether the outer row's agency (``agency_ref``) met the Sec. 4 rule on ``day``: a program active
    then, as on record now, or as on record at ``moment`` when given. One semi-join per query."""
    if moment is None:
        return Exists(SupportProgram.objects.filter(active_on(day), agency_id=OuterRef(agency_ref)))
    return Exists(
        ProgramVersion.objects.filter(
            active_on(day),
            agency_id=OuterRef(agency_ref),
            id__in=standing_versions(moment, agencies=agencies),
        )
    )


def program_facts(
    agency_ids: Iterable[int], *, moment: datetime | None = None
) -> dict[int, list[ProgramFacts]]:
    """The programs of these agencies as on record now (or at ``moment``), by agency: one query."""
    ids = sorted(set(agency_ids))
    if not ids:
        return {}
    if moment is None:
        rows = SupportProgram.objects.filter(agency_id__in=ids)
    else:
        rows = ProgramVersion.objects.filter(
            agency_id__in=ids,
            id__in=standing_versions(moment, agencies=ids),  # type: ignore[arg-type]
        ).annotate(program_ref=F("program_id"))
    by_agency: dict[int, list[ProgramFacts]] = defaultdict(list)
    fields = FACT_FIELDS if moment is None else ("program_ref", *FACT_FIELDS[1:])
    for row in rows.order_by().values_list(*fields):
        program_id, agency_id, *rest = row
        model, other_name, partners, started_on, ended_on, trained = rest
        by_agency[agency_id].append(
            ProgramFacts(program_id, model, other_name, list(partners or []), started_on, ended_on, trained)
        )
    return by_agency
