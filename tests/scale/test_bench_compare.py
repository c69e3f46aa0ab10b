"""bench/compare.py: reading the table's figures and setting two scales side by side."""

import json
import subprocess
import sys
from pathlib import Path

from bench.compare import compare, figure, key

ROOT = Path(__file__).resolve().parents[2]


def run(scale: float, agencies: int, rows: list[tuple[str, str, str]]) -> dict:
    return {
        "scale": scale,
        "agencies": agencies,
        "machine": "test",
        "started": "2026-12-02T10:00:00+00:00",
        "ended": "2026-12-02T10:10:00+00:00",
        "load": [0.5, 0.7],
        "rows": [{"measure": m, "median": v, "spread": s, "target": ""} for m, v, s in rows],
    }


def test_figures_are_read_in_seconds_whatever_the_unit():
    assert figure("530.3 ms, 3 queries") == 0.5303
    assert figure("3.494 s") == 3.494
    assert figure("1,642.7 ms") == 1.6427
    assert figure("9/s") == 9
    assert figure("21%") == 21
    assert figure("n/a (route missing)") is None


def test_rows_meet_across_scales_whatever_their_numbers():
    assert key("recompute all 18,000 agencies, set-wise") == key("recompute all 180,000 agencies, set-wise")
    assert key("applicant list API, page of 50") != key("applicant list API, page of 500")
    assert key("trivial endpoint (token)") != key("trivial endpoint (session cookie)")
    assert key("per-agency loop (500 timed, scaled to 18,000)") == key(
        "per-agency loop (500 timed, scaled to 180,000)"
    )


def test_growth_and_verdicts():
    first = run(
        1,
        18_000,
        [
            ("applicant list API, page of 50 (HTTP 200)", "20.0 ms, 3 queries", "10 ms - 30 ms, p95 30.0 ms"),
            ("applicant list HTML, page of 50 (HTTP 200)", "20.0 ms, 3 queries", "p95 30.0 ms"),
            ("recompute all 18,000 agencies, set-wise, every flag changed", "1.000 s", "0.9 s - 1.1 s"),
            ("only in the first run", "1 ms", ""),
        ],
    )
    second = run(
        10,
        180_000,
        [
            ("applicant list API, page of 50 (HTTP 200)", "22.0 ms, 3 queries", "p95 33.0 ms"),
            ("applicant list HTML, page of 50 (HTTP 200)", "40.0 ms, 3 queries", "p95 60.0 ms"),
            ("recompute all 180,000 agencies, set-wise, every flag changed", "13.000 s", ""),
        ],
    )
    lines = {line[0]: line for line in compare(first, second)}
    assert len(lines) == 3
    api = lines["applicant list API, page of 50 (HTTP 200)"]
    assert api[3:] == ("1.10x", "1.10x", "p95 <= 1.3x: met")
    html = lines["applicant list HTML, page of 50 (HTTP 200)"]
    assert html[5] == "p95 <= 1.3x: missed"
    recompute = lines["recompute all 180,000 agencies, set-wise, every flag changed"]
    assert recompute[3] == "13.00x" and recompute[5] == "median <= 12x: missed"


def test_the_script_prints_both_runs(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps(run(1, 18_000, [("trivial endpoint", "10.0 ms", "p95 12.0 ms")])))
    second.write_text(json.dumps(run(10, 180_000, [("trivial endpoint", "11.0 ms", "p95 12.0 ms")])))
    result = subprocess.run(
        [sys.executable, "bench/compare.py", str(first), str(second)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "scale 10: 180,000 agencies" in result.stdout
    assert "| trivial endpoint" in result.stdout and "1.10x" in result.stdout
