"""Two runs of ``bench/run.py --save`` side by side: how each figure grows from the first run's scale to the
second's, against the growth the performance targets allow.

    uv run python bench/compare.py scale1.json scale10.json

A page reads a fixed number of rows through an index, so its latency should not grow with the data (the
target allows 1.3x); a full recompute reads every agency, so it may grow at most linearly (12x for ten times
the agencies, a little slack for the larger indexes).
"""

import argparse
import json
import re
from pathlib import Path

# A figure as the table prints it: "12.3 ms", "1.864 s", "9/s", "4.1x", "21%".
_FIGURE = re.compile(r"(?P<number>[\d,]+(?:\.\d+)?)\s*(?P<unit>ms|s\b|/s|x|%)")
_P95 = re.compile(r"p95 (?P<number>[\d,]+(?:\.\d+)?)\s*(?P<unit>ms|s\b)")

# Which rows the targets speak of, and the growth they allow.
_GROWTH_TARGETS = (
    (re.compile(r"^applicant list (API|HTML), page of"), 1.3, "p95"),
    (re.compile(r"^recompute all .*every flag changed"), 12.0, "median"),
)


def figure(text: str, pattern: re.Pattern[str] = _FIGURE) -> float | None:
    """The first figure in a cell, in seconds for times; None when the cell has none (n/a, a count)."""
    match = pattern.search(text)
    if match is None:
        return None
    number = float(match["number"].replace(",", ""))
    return number / 1000 if match["unit"] == "ms" else number


def key(measure: str) -> str:
    """A row's name without what grows with the data (counts with thousands separators, and the notes in
    brackets that hold a number), so "recompute all 18,000 agencies" meets "... 180,000 ...", "page of
    50" stays itself and "(token)" stays apart from "(session cookie)"."""
    return re.sub(r"\d{1,3}(?:,\d{3})+", "#", re.sub(r"\s*\([^)]*\d[^)]*\)", "", measure))


def growth_target(measure: str) -> tuple[float, str] | None:
    for pattern, allowed, which in _GROWTH_TARGETS:
        if pattern.search(measure):
            return allowed, which
    return None


def ratio(first: float | None, second: float | None) -> float | None:
    return second / first if first and second is not None else None


def compare(first: dict, second: dict) -> list[tuple[str, ...]]:
    later = {key(row["measure"]): row for row in second["rows"]}
    lines = []
    for row in first["rows"]:
        other = later.get(key(row["measure"]))
        if other is None:
            continue
        growth = {
            "median": ratio(figure(row["median"]), figure(other["median"])),
            "p95": ratio(figure(row["spread"], _P95), figure(other["spread"], _P95)),
        }
        verdict = ""
        target = growth_target(row["measure"])
        if target is not None:
            allowed, which = target
            measured = growth[which]
            if measured is not None:
                verdict = f"{which} <= {allowed:g}x: " + ("met" if measured <= allowed else "missed")
        shown = [f"{value:.2f}x" if value is not None else "" for value in growth.values()]
        lines.append((other["measure"], row["median"], other["median"], *shown, verdict))
    return lines


def render(first: dict, second: dict) -> str:
    header = (
        "measure (second run's name)",
        f"scale {first['scale']:g}",
        f"scale {second['scale']:g}",
        "growth (median)",
        "growth (p95)",
        "target",
    )
    rows = [header, *compare(first, second)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    out = ["| " + " | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)) + " |"]
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows[1:]:
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    args = parser.parse_args()
    first, second = (json.loads(path.read_text()) for path in (args.first, args.second))
    for run in (first, second):
        print(f"scale {run['scale']:g}: {run['agencies']:,} agencies, {run['started']} - {run['ended']}, "
              f"load {min(run['load']):.1f}-{max(run['load']):.1f}; {run['machine']}")  # fmt: skip
    print()
    print(render(first, second))


if __name__ == "__main__":
    main()
