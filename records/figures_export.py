"""The public figures as CSV rows, JSON and a bar chart's geometry, from ``figures.public_figures``."""

from dataclasses import dataclass

from common.exports import Column

from .figures import FigureTable

SUPPRESSED = "suppressed"  # what a hidden count reads as, on the page and in the CSV

COLUMNS = [
    Column("Table", lambda r: r[0]),
    Column("Category", lambda r: r[1]),
    Column("Year", lambda r: r[2]),
    Column("Count", lambda r: SUPPRESSED if r[3] is None else r[3]),
]


def long_rows(tables: list[FigureTable]):
    for table in tables:
        for row in [*table.rows, table.totals]:
            for year, value in zip([*table.years, "All years"], row.values, strict=True):
                yield (table.title, row.label, year, value)


def as_json(tables: list[FigureTable]) -> dict:
    return {
        "suppressed": f"null: a count under 10, or hidden so that none can be worked out ({SUPPRESSED})",
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "dimension": t.dimension,
                "columns": [*t.years, "All years"],
                "rows": [{"label": r.label, "counts": r.values} for r in t.rows],
                "totals": {"label": t.totals.label, "counts": t.totals.values},
            }
            for t in tables
        ],
    }


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    x: int
    y: int
    height: int
    text_y: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    baseline: int
    bar_width: int
    description: str


def year_chart(table: FigureTable, *, height: int = 220) -> Chart:
    """Bars of the records per year (the table's totals); a suppressed year has no bar, only its label."""
    values = table.totals.values[:-1]
    top = max([v for v in values if v is not None] or [1])
    bar_width, gap, baseline = 56, 24, height - 30
    bars = []
    for index, (year, value) in enumerate(zip(table.years, values, strict=True)):
        size = 0 if value is None else round((baseline - 20) * value / top)
        x = gap + index * (bar_width + gap)
        bars.append(Bar(str(year), value, x, baseline - size, size, baseline - size - 6))
    words = ", ".join(f"{b.label}: {SUPPRESSED if b.value is None else b.value}" for b in bars)
    return Chart(bars, gap + len(bars) * (bar_width + gap), height, baseline, bar_width, words)
