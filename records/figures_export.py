"""The public figures as CSV rows and JSON, from ``figures.public_figures``."""

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
