"""Fault injection for the task path: a private Redis to stop and start, and the Celery app pointed at it."""

import os
import socket
import subprocess
import time
from contextlib import contextmanager

from config.celery import app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own on a loopback port, so stopping it disturbs nobody else."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


_KEYS = {"broker_url": "CELERY_BROKER_URL", "result_backend": "CELERY_RESULT_BACKEND"}


@contextmanager
def celery_broker(url: str, *, results: bool = False):
    """Point the project's Celery app at ``url`` for the duration, with no result backend unless asked
    (production runs without one). Celery reads these from the environment first, then from its
    namespaced Django settings."""
    saved_env = {name: os.environ.get(name) for name in _KEYS.values()}
    saved_conf = {key: app.conf.get(key) for key in (*_KEYS, *_KEYS.values())}
    saved_eager = app.conf.task_always_eager

    def reset_pools() -> None:
        # The producer pool and the result backend hold connections made for the previous URL.
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    values = {"broker_url": url, "result_backend": url if results else None}
    for key, name in _KEYS.items():
        os.environ.pop(name, None)
        if values[key]:
            os.environ[name] = values[key]
        app.conf[key] = app.conf[name] = values[key]
    app.conf.task_always_eager = False
    reset_pools()
    try:
        yield app
    finally:
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for key, value in saved_conf.items():
            app.conf[key] = value
        app.conf.task_always_eager = saved_eager
        reset_pools()
