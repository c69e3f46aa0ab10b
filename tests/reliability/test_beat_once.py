"""Two beat processes at once (one per host, for failover): each periodic task is sent once per tick.

celery-redbeat's Redis lock lets one beat schedule while the other waits; killing the active one hands the
schedule to the standby once the lock runs out. The drill setting runs every periodic task every second.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from .brokers import PrivateRedis, free_port

pytestmark = pytest.mark.worker

ROOT = Path(settings.BASE_DIR)
PERIODIC = set(entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values())
LOCK_TIMEOUT = 4


def start_beat(broker_url: str, log: Path) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CELERY_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        CELERY_BROKER_URL=broker_url,
        BEAT_DRILL_SECONDS="1",
        BEAT_LOCK_TIMEOUT_SECONDS=str(LOCK_TIMEOUT),
    )
    with log.open("w") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(log.with_suffix(".db")),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def sent(client: redis.Redis) -> dict[str, int]:
    """Messages waiting in the queues (no worker runs), by task name: e-mail tasks have their own."""
    counts = dict.fromkeys(PERIODIC, 0)
    for queue in ("celery", "notifications"):
        for raw in client.lrange(queue, 0, -1):
            counts[json.loads(raw)["headers"]["task"]] += 1
    return counts


def holder(beats: dict[str, subprocess.Popen], logs: dict[str, Path]) -> str | None:
    for name, log in logs.items():
        if "Acquired lock" in log.read_text() and beats[name].poll() is None:
            return name
    return None


def wait_for(predicate, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def test_two_beats_send_each_periodic_task_once_and_the_standby_takes_over(tmp_path):
    server = PrivateRedis(free_port())
    server.start()
    beats: dict[str, subprocess.Popen] = {}
    try:
        client = redis.Redis.from_url(server.url)
        logs = {name: tmp_path / f"beat-{name}.log" for name in ("a", "b")}
        for name, log in logs.items():
            beats[name] = start_beat(server.url, log)
        assert wait_for(lambda: holder(beats, logs), 60) is not None, "no beat took the lock"
        active = holder(beats, logs)
        standby = "b" if active == "a" else "a"

        start, before = time.monotonic(), sent(client)
        time.sleep(6)
        counts = {task: n - before[task] for task, n in sent(client).items()}
        seconds = time.monotonic() - start
        # One a second from one beat; two beats without the lock would send about twice as many.
        for task, count in counts.items():
            assert seconds - 2 <= count <= seconds + 1, (task, count, seconds)
        assert "Acquired lock" not in logs[standby].read_text()

        beats[active].send_signal(signal.SIGKILL)  # a host lost: the lock is not released, it runs out
        beats[active].wait(timeout=10)
        killed_at, at_kill = time.monotonic(), sent(client)
        took_over = wait_for(lambda: "Acquired lock" in logs[standby].read_text(), 30)
        assert took_over is not None, logs[standby].read_text()
        assert took_over <= LOCK_TIMEOUT + 2
        assert wait_for(lambda: all(sent(client)[t] > at_kill[t] for t in PERIODIC), 10) is not None
        gap = time.monotonic() - killed_at
        assert gap <= LOCK_TIMEOUT + 4
    finally:
        for beat in beats.values():
            if beat.poll() is None:
                beat.terminate()
                try:
                    beat.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    beat.kill()
        server.stop()
