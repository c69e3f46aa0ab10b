"""bench/run.py at a tiny size against its own PostgreSQL database and Redis: it runs and prints its table."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    settings = connection.settings_dict
    name = f"{settings['NAME']}_bench"
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{name}"
    )
    admin = psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        result = subprocess.run(
            [
                sys.executable,
                "bench/run.py",
                "--scale",
                "0.005",
                "--repeat",
                "2",
                "--quick",
                "--port",
                "8251",
                "--save",
                str(tmp_path / "tiny.json"),
            ],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "| measure" in result.stdout
        assert "recompute all" in result.stdout and "floor" in result.stdout
        # Transitions and returns each against the trivial write, 0 failed.
        for label in ("throughput: transitions/s", "throughput: returns/s"):
            row = next(line for line in result.stdout.splitlines() if line.startswith(f"| {label}"))
            assert " 0 failed" in row, row
        # Deadline day: correctness, not timing. Every flag agrees with the rule, nothing lost, no 5xx.
        rows = [line for line in result.stdout.splitlines() if line.startswith("| deadline day:")]
        assert any("submit POST" in row for row in rows), rows
        assert any("flag lag" in row for row in rows), rows
        submissions = next(row for row in rows if "submissions by" in row)
        assert " 0 5xx" in submissions, submissions
        end = next(row for row in rows if "end check" in row)
        assert re.search(r"([\d,]+) of \1 right, 0 lost", end), end
        assert "| 0 wrong, outbox empty " in end, end
        # The saved table sets against itself: every figure grows 1.00x.
        saved = json.loads((tmp_path / "tiny.json").read_text())
        assert saved["agencies"] > 0 and saved["load"] and len(saved["rows"]) > 20
        compared = subprocess.run(
            [sys.executable, "bench/compare.py", str(tmp_path / "tiny.json"), str(tmp_path / "tiny.json")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "p95 <= 1.3x: met" in compared.stdout and "median <= 12x: met" in compared.stdout
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
