"""The public Sec. 3 figures: counts of final records by year of the action, by kind, state and agency
size, each table with its totals and small counts suppressed (``common.suppression``)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.cache import cache
from django.db.models import Case, CharField, Count, IntegerField, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from agencies.states import State
from common.suppression import SuppressedTable, suppress

from .models import ProcessStatus, RecordKind, UseOfForceRecord

FIRST_YEAR = 2021
CACHE_SECONDS = 60  # as the public list's figures
# Agency size by sworn officers, as the federal censuses of agencies group them.
SIZE_BANDS = [
    ("1", "Fewer than 10 officers", 0, 9),
    ("2", "10 to 49 officers", 10, 49),
    ("3", "50 to 99 officers", 50, 99),
    ("4", "100 to 499 officers", 100, 499),
    ("5", "500 or more officers", 500, None),
]


@dataclass(frozen=True)
class FigureRow:
    label: str
    values: list[int | None]  # per year, then the row's total; None where suppressed


@dataclass(frozen=True)
class FigureTable:
    key: str
    title: str
    dimension: str
    years: list[int]
    rows: list[FigureRow]
    totals: FigureRow  # per year and the grand total


def _band() -> Case:
    whens = []
    for code, _label, low, high in SIZE_BANDS:
        condition = {"agency__sworn_officers__gte": low}
        if high is not None:
            condition["agency__sworn_officers__lte"] = high
        whens.append(When(**condition, then=Value(code)))
    return Case(*whens, default=Value("1"), output_field=CharField())


def _counts(years: list[int]) -> list[tuple[int, str, str, str, int]]:
    """(year, kind, state, size band, count) of final records: one query."""
    return list(
        UseOfForceRecord.objects.filter(
            process_status=ProcessStatus.FINAL, action_date__gte=date(years[0], 1, 1)
        )
        .annotate(year=ExtractYear("action_date", output_field=IntegerField()), band=_band())
        .values_list("year", "kind", "agency__state", "band")
        .annotate(n=Count("id"))
        .order_by()
    )


def _table(key, title, dimension, labels: dict[str, str], counts, position: int, years) -> FigureTable:
    by: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in counts:
        by[row[position]][row[0]] += row[4]
    codes = [code for code in labels if code in by] if key == "state" else list(labels)
    grid = [[by[code][year] for year in years] for code in codes]
    result: SuppressedTable = suppress(grid)
    rows = [FigureRow(labels[code], values) for code, values in zip(codes, result.values[:-1], strict=True)]
    # No row at all (no final record yet in any state): the totals are zeros, one per year and the total.
    totals = result.values[-1] if codes else [0] * (len(years) + 1)
    return FigureTable(key, title, dimension, years, rows, FigureRow("All", totals))


def public_figures(*, today: date | None = None) -> list[FigureTable]:
    today = today or timezone.localdate()
    years = list(range(FIRST_YEAR, today.year + 1))
    counts = _counts(years)
    kinds = {code: str(label) for code, label in RecordKind.choices}
    states = {code: str(label) for code, label in State.choices}
    bands = {code: label for code, label, _, _ in SIZE_BANDS}
    return [
        _table("kind", "Records by kind", "Kind", kinds, counts, 1, years),
        _table("state", "Records by state", "State or territory", states, counts, 2, years),
        _table("size", "Records by agency size", "Agency size", bands, counts, 3, years),
    ]


def cached_public_figures() -> list[FigureTable]:
    """``public_figures`` of today, kept for ``CACHE_SECONDS``: the page, its CSV and JSON read the same."""
    today = timezone.localdate()
    return cast(
        list[FigureTable],
        cache.get_or_set(f"sec3:public-figures:{today}", lambda: public_figures(today=today), CACHE_SECONDS),
    )
