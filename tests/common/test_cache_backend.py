"""The production cache (config.cache.RedisCache) against a real Redis: every operation Django's backend
offers, through one client per connection pool."""

import environ
import pytest
from django.core.cache import caches
from django.test import override_settings

from config.cache import one_client_per_pool
from tests.shared_redis import needs_redis, redis_database


@pytest.fixture
def cache():
    # The broker's Redis server, in a database of its own that this test empties.
    location = redis_database(14)
    with override_settings(
        CACHES={"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": location, "KEY_PREFIX": "t"}}
    ):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_a_redis_url_gets_it_and_other_caches_stay():
    redis = environ.Env.cache_url_config("redis://127.0.0.1:6379/3")
    assert one_client_per_pool(redis) == {**redis, "BACKEND": "config.cache.RedisCache"}
    local = environ.Env.cache_url_config("locmemcache://")
    assert one_client_per_pool(local) == local


@needs_redis
def test_every_operation_works(cache):
    cache.set("counts", {"total": 3, "eligible": 2}, 60)
    assert cache.get("counts") == {"total": 3, "eligible": 2}
    assert cache.add("counts", "other") is False
    assert cache.add("fresh", 1) is True
    assert cache.incr("fresh") == 2
    cache.set_many({"a": "x", "b": "y"})
    assert cache.get_many(["a", "b", "missing"]) == {"a": "x", "b": "y"}
    cache.delete_many(["a", "b"])
    assert cache.get("a") is None
    assert cache.touch("counts", 5) is True
    assert cache.delete("counts") is True
    assert cache.get("counts", "gone") == "gone"


@needs_redis
def test_one_client_serves_every_operation(cache):
    client = cache._cache.get_client()
    cache.set("k", 1)
    cache.get("k")
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client("k") is client
