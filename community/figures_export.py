"""The public Sec. 4 table as rows of the public figures' CSV and as a member of their JSON."""

from collections.abc import Iterator

from .figures import PublicTable

TITLE = "Sec. 4 programs: agencies by model and state"


def long_rows(table: PublicTable) -> Iterator[tuple[str, str, str, int | None]]:
    """(table, category, year, count) like the Sec. 3 rows: the category names the state and the model,
    the year column says on which day the programs were running."""
    when = f"on {table.day.isoformat()}"
    for label, values in [*table.rows, ("All", table.totals)]:
        for model, value in zip(table.models, values, strict=True):
            yield (TITLE, f"{label}: {model}", when, value)


def as_json(table: PublicTable) -> dict:
    return {
        "key": "sec4_models_by_state",
        "title": TITLE,
        "on": table.day.isoformat(),
        "threshold": table.threshold,
        "columns": table.models,
        "rows": [{"label": label, "counts": values} for label, values in table.rows],
        "totals": {"label": "All", "counts": table.totals},
    }
