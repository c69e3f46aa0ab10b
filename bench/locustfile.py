"""Load shapes for bench/run.py: the trivial endpoint (ceiling), the trivial write (marking a notification
read) or one transition per request.

BENCH_JOBS holds one job a line, ``what,id,token``: ``write`` marks notification ``id`` read, any other
``what`` is that transition of application ``id`` (``return`` with a reason). The clients share the list
and take the jobs in order; none is done twice. Should the list run out before the run's seconds are up,
BENCH_TIMES (a path) receives when the first job started and when the last answer came, so that a rate is
taken over the time there was work, not over seconds in which the clients stood idle.
"""

import json
import os
import time

from locust import HttpUser, constant, events, task
from locust.exception import StopUser

MODE = os.environ.get("BENCH_MODE", "me")
TOKEN = os.environ.get("BENCH_TOKEN", "")
JOBS: list[tuple[str, str, str]] = []
if MODE in ("transition", "write"):
    with open(os.environ["BENCH_JOBS"]) as handle:
        JOBS = [tuple(line.strip().split(",", 2)) for line in handle if line.strip()]  # type: ignore[misc]
    JOBS.reverse()

RETURN_NOTE = "Benchmark: which policy applies to off-duty officers?"
TIMES: dict[str, float] = {}


@events.test_stop.add_listener
def _write_times(**_: object) -> None:
    if os.environ.get("BENCH_TIMES"):
        with open(os.environ["BENCH_TIMES"], "w") as handle:
            json.dump(TIMES, handle)


class Caller(HttpUser):
    wait_time = constant(0)

    @task
    def call(self) -> None:
        if MODE == "me":
            self.client.get("/api/v1/me/", headers={"Authorization": f"Token {TOKEN}"}, name="me")
            return
        if not JOBS:
            raise StopUser
        TIMES.setdefault("started", time.monotonic())
        what, pk, token = JOBS.pop()
        if not JOBS:
            TIMES.setdefault("ran_out", time.monotonic())
        headers = {"Authorization": f"Token {token}"}
        if what == "write":
            self.client.post(f"/api/v1/notifications/{pk}/read/", headers=headers, name="read")
        else:
            self.client.post(
                f"/api/v1/applications/{pk}/{what}/",
                json={"note": RETURN_NOTE} if what == "return" else {},
                headers=headers,
                name=what,
            )
        if "ran_out" in TIMES:
            # The answers still in flight when the list ran out count, and so does the time they took.
            TIMES["last_answer"] = time.monotonic()
