"""The broker's Redis server, for the tests of what production keeps in Redis besides the queues (the
shared cache). The embedded default's pass of bin/test has no broker, so they skip there."""

import os

import pytest

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")

needs_redis = pytest.mark.skipif(
    not BROKER_URL.startswith("redis://"),
    reason="needs a real Redis: CELERY_BROKER_URL is not a redis:// address (the embedded default's pass)",
)


def redis_database(number: int) -> str:
    """The broker's Redis server, database ``number``."""
    return BROKER_URL.rsplit("/", 1)[0] + f"/{number}"
