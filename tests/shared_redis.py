"""The broker's Redis server, for the tests of what production keeps in Redis besides the queues (the
shared cache). The embedded default's pass of bin/test has no broker, so they skip there."""

import os
import secrets

import pytest
from django.core.cache import caches

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")

needs_redis = pytest.mark.skipif(
    not BROKER_URL.startswith("redis://"),
    reason="needs a real Redis: CELERY_BROKER_URL is not a redis:// address (the embedded default's pass)",
)


def redis_database(number: int) -> str:
    """The broker's Redis server, database ``number``."""
    return BROKER_URL.rsplit("/", 1)[0] + f"/{number}"


def use_redis_cache(settings, prefix: str):
    """Production's shared cache for this test: the broker's Redis server, in a database no test empties,
    under a key prefix of this test's own (other tests, on other workers of the run too, use the same
    server; what they leave expires)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": redis_database(11),
            "KEY_PREFIX": f"{prefix}{os.getpid()}-{secrets.token_hex(4)}",
        }
    }
    return caches["default"]
