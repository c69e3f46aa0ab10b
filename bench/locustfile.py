"""Load shapes for bench/run.py: the trivial endpoint (ceiling), the trivial write (marking a notification
read) or one transition per request.

BENCH_JOBS holds one job a line, ``what,id,token``: ``write`` marks notification ``id`` read, any other
``what`` is that transition of application ``id`` (``return`` with a reason). The clients share the list
and take the jobs in order; none is done twice.
"""

import os

from locust import HttpUser, constant, task
from locust.exception import StopUser

MODE = os.environ.get("BENCH_MODE", "me")
TOKEN = os.environ.get("BENCH_TOKEN", "")
JOBS: list[tuple[str, str, str]] = []
if MODE in ("transition", "write"):
    with open(os.environ["BENCH_JOBS"]) as handle:
        JOBS = [tuple(line.strip().split(",", 2)) for line in handle if line.strip()]  # type: ignore[misc]
    JOBS.reverse()

RETURN_NOTE = "Benchmark: which policy applies to off-duty officers?"


class Caller(HttpUser):
    wait_time = constant(0)

    @task
    def call(self) -> None:
        if MODE == "me":
            self.client.get("/api/v1/me/", headers={"Authorization": f"Token {TOKEN}"}, name="me")
            return
        if not JOBS:
            raise StopUser
        what, pk, token = JOBS.pop()
        headers = {"Authorization": f"Token {token}"}
        if what == "write":
            self.client.post(f"/api/v1/notifications/{pk}/read/", headers=headers, name="read")
            return
        self.client.post(
            f"/api/v1/applications/{pk}/{what}/",
            json={"note": RETURN_NOTE} if what == "return" else {},
            headers=headers,
            name=what,
        )
