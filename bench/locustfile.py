"""Load shapes for bench/run.py: the trivial endpoint (ceiling), the trivial write (marking a notification
read) or one transition per request."""

import os

from locust import HttpUser, constant, task
from locust.exception import StopUser

MODE = os.environ.get("BENCH_MODE", "me")
TOKEN = os.environ.get("BENCH_TOKEN", "")
JOBS: list[tuple[str, str]] = []
if MODE in ("transition", "write"):
    with open(os.environ["BENCH_JOBS"]) as handle:
        JOBS = [tuple(line.strip().split(",", 1)) for line in handle if line.strip()]  # type: ignore[misc]
    JOBS.reverse()


class Caller(HttpUser):
    wait_time = constant(0)

    @task
    def call(self) -> None:
        if MODE == "me":
            self.client.get("/api/v1/me/", headers={"Authorization": f"Token {TOKEN}"}, name="me")
            return
        if not JOBS:
            raise StopUser
        if MODE == "write":
            notification_id, token = JOBS.pop()
            self.client.post(
                f"/api/v1/notifications/{notification_id}/read/",
                headers={"Authorization": f"Token {token}"},
                name="read",
            )
            return
        application_id, token = JOBS.pop()
        self.client.post(
            f"/api/v1/applications/{application_id}/start_review/",
            headers={"Authorization": f"Token {token}"},
            name="start_review",
        )
