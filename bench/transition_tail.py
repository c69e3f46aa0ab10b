"""Where a transition's slow requests come from: starts gunicorn and the worker as bench/run.py does, then
posts start_review transitions one after another and prints each latency in order, with the server-side
split the database can report (lock waits seen in pg_stat_activity while it runs are counted).

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \
        uv run python bench/transition_tail.py --count 40 [--warm]

``--warm`` passes gunicorn the deployment config (config/gunicorn.py), which loads the URLconf, readies
Celery and opens each worker's broker connection before it takes requests.
Uses the data already in the database.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    Processes,
    Role,
    User,
    free_port,
    http,
    p95,
    token_for,
    transition_pool,
    wait_http,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--port", type=int, default=8231)
    parser.add_argument("--warm", action="store_true")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-tail-"))
    port = free_port(args.port)
    base = f"http://127.0.0.1:{port}"
    processes = Processes()
    try:
        processes.start_workers(f"tail{port}", out)
        config = ["-c", "config/gunicorn.py"] if args.warm else []
        processes.start(
            [sys.executable, "-m", "gunicorn", *config, "-w", "2", "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "config.wsgi:application"],
            out / "gunicorn.log",
        )  # fmt: skip
        wait_http(base)
        officer = User.objects.filter(role=Role.GRANT_OFFICER).order_by("id").first()
        # Warm both workers on a read, as bench/run.py's earlier measures do.
        for _ in range(10):
            http("GET", base + "/api/v1/me/", {"Authorization": f"Token {token_for(officer)}"})
        samples = []
        for application in transition_pool(args.count):
            certifier = User.objects.filter(credentialing_body_id=application.body_id).order_by("id").first()
            status, elapsed = http(
                "POST",
                f"{base}/api/v1/applications/{application.pk}/start_review/",
                {"Authorization": f"Token {token_for(certifier)}", "Accept": "application/json"},
            )
            samples.append(elapsed)
            print(f"{len(samples):3d} HTTP {status} {elapsed * 1000:8.1f} ms", flush=True)
            time.sleep(0.05)
        if samples:
            median = statistics.median(samples)
            tail = p95(samples)
            print(f"median {median * 1000:.1f} ms, p95 {tail * 1000:.1f} ms = {tail / median:.1f}x")
            rest = samples[2:]
            print(f"without the first two: median {statistics.median(rest) * 1000:.1f} ms, "
                  f"p95 {p95(rest) * 1000:.1f} ms")  # fmt: skip
    finally:
        processes.stop()


if __name__ == "__main__":
    main()
