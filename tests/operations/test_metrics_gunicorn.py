"""Several gunicorn workers, one scrape: the request counts of every worker are added up."""

import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.reliability.brokers import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "gunicorn-scrape-token-for-tests"


def get(url, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the test's own loopback server
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read().decode()


def served_by(text):
    """Request count for the about page per (status) summed over the parsed families."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "tracker_http_requests_total" and sample.labels.get("view") == "about"
    )


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    (metrics_dir / "counter_12345.db").write_bytes(b"left over from a previous start")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "DATABASE_REPLICA_URL"}
    }
    env |= {
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        "METRICS_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "HOME": str(tmp_path),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.py",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a worker's first import is slow on a busy machine
    while True:
        try:
            get(f"{base}/healthz")
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"gunicorn did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield base, metrics_dir
    process.terminate()
    process.wait(timeout=30)


def test_a_scrape_adds_up_every_workers_requests(gunicorn):
    base, metrics_dir = gunicorn
    assert not (metrics_dir / "counter_12345.db").exists(), "a new start begins from an empty directory"
    # Eight at a time, so that both workers answer some; on a busy machine the second worker may still be
    # importing, so batches go on (bounded) until both have counted something.
    sent, files = 0, set()
    deadline = time.monotonic() + 60
    while len(files) < 2 and time.monotonic() < deadline:
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: get(f"{base}/about/")[0], range(40)))
        assert statuses == [200] * 40
        sent += 40
        files = {path.name.split("_")[-1] for path in metrics_dir.glob("counter_*.db")}
    status, _, text = get(f"{base}/metrics", TOKEN)
    assert status == 200
    assert served_by(text) == sent
    # Both processes kept counts (one file each), and the scrape added them up.
    assert len(files) > 1
