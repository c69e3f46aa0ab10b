"""Sec. 4 figures: how many agencies run each model, by state and by agency type, for DOJ's national
overview (every count) and for the public figures (by model and state, small counts suppressed).

Each count is of agencies, not programs: an agency with two co-responder teams counts once for that
model, and an agency running two models counts once under each. A fixed number of queries whatever the
number of agencies.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone

from agencies.models import Agency, AgencyType
from agencies.states import State
from common.suppression import THRESHOLD, suppress

from .models import ProgramVersion, SupportModel, SupportProgram
from .priority import active_on
from .selectors import standing_versions

MODELS = [(code, str(label)) for code, label in SupportModel.choices]
STATE_LABELS = {code: str(label) for code, label in State.choices}
TYPE_LABELS = {code: str(label) for code, label in AgencyType.choices}


def running_on(day: date, *, as_of: datetime | None = None) -> QuerySet:
    """Programs active on ``day``, as on record now or at ``as_of`` (the Sec. 4 rule's own test)."""
    if as_of is None:
        return SupportProgram.objects.filter(active_on(day))
    return ProgramVersion.objects.filter(active_on(day), id__in=standing_versions(as_of))


@dataclass(frozen=True)
class ModelRow:
    key: str
    label: str
    agencies: int  # agencies of the group in the registry
    any_model: int  # agencies running at least one program
    by_model: dict[str, int]

    @property
    def share(self) -> float | None:
        return round(100 * self.any_model / self.agencies, 1) if self.agencies else None


@dataclass(frozen=True)
class NationalPicture:
    day: date
    by_state: list[ModelRow]
    by_type: list[ModelRow]
    total: ModelRow


def _rows(programs: QuerySet, field: str, labels: dict[str, str]) -> list[ModelRow]:
    """Two grouped queries over the programs, one over the registry."""
    per_model: dict[str, dict[str, int]] = defaultdict(dict)
    for key, model, n in (
        programs.order_by()
        .values_list(f"agency__{field}", "model")
        .annotate(n=Count("agency_id", distinct=True))
    ):
        per_model[key][model] = n
    running = dict(
        programs.order_by().values_list(f"agency__{field}").annotate(n=Count("agency_id", distinct=True))
    )
    registered = dict(Agency.objects.order_by().values_list(field).annotate(n=Count("pk")))
    return [
        ModelRow(
            key,
            label,
            registered.get(key, 0),
            running.get(key, 0),
            {model: per_model[key].get(model, 0) for model, _ in MODELS},
        )
        for key, label in labels.items()
        if registered.get(key)
    ]


def national_picture(*, as_of: date | None = None) -> NationalPicture:
    """Agencies running each model now (or at the end of ``as_of`` as then on record), by state and by
    agency type: six queries."""
    day = as_of or timezone.localdate()
    moment = None
    if as_of is not None:
        moment = timezone.make_aware(datetime.combine(as_of, datetime.max.time()))
    programs = running_on(day, as_of=moment)
    by_state = _rows(programs, "state", STATE_LABELS)
    by_type = _rows(programs, "agency_type", TYPE_LABELS)
    total = ModelRow(
        "all",
        "All agencies",
        sum(r.agencies for r in by_type),
        sum(r.any_model for r in by_type),
        {model: sum(r.by_model[model] for r in by_type) for model, _ in MODELS},
    )
    return NationalPicture(day, by_state, by_type, total)


@dataclass(frozen=True)
class PublicTable:
    """Agencies running each model by state, with totals; ``None`` where a count is suppressed."""

    day: date
    models: list[str]  # column labels, then "All models"
    rows: list[tuple[str, list[int | None]]]
    totals: list[int | None]
    threshold: int = THRESHOLD


def public_table(*, today: date | None = None) -> PublicTable:
    """The public figures of Sec. 4: agencies running each model by state now, every count under
    ``THRESHOLD`` suppressed and enough others that none can be worked out (``common.suppression``).
    One query."""
    day = today or timezone.localdate()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for state, model, n in (
        running_on(day)
        .order_by()
        .values_list("agency__state", "model")
        .annotate(n=Count("agency_id", distinct=True))
    ):
        counts[state][model] = n
    states = [code for code in STATE_LABELS if code in counts]
    grid = [[counts[state].get(model, 0) for model, _ in MODELS] for state in states]
    table = suppress(grid)
    return PublicTable(
        day=day,
        models=[label for _, label in MODELS] + ["All models"],
        rows=[(STATE_LABELS[state], values) for state, values in zip(states, table.values[:-1], strict=True)],
        # No program anywhere: the zero totals are under the threshold too, and hidden like any other.
        totals=table.values[-1] if states else [None] * (len(MODELS) + 1),
    )


CACHE_SECONDS = 60


def cached_public_table() -> PublicTable:
    """``public_table`` of today, kept for a minute as the Sec. 3 figures beside it."""
    today = timezone.localdate()
    key = f"sec4:public:{today}"
    return cast(PublicTable, cache.get_or_set(key, lambda: public_table(today=today), CACHE_SECONDS))


def cached_national_picture(*, as_of: date | None = None) -> NationalPicture:
    """``national_picture`` kept for a minute, as the overview's other figures are."""
    key = f"sec4:national:{as_of or timezone.localdate()}:{as_of is None}"
    return cast(NationalPicture, cache.get_or_set(key, lambda: national_picture(as_of=as_of), CACHE_SECONDS))
