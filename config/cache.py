"""The cache in production: Django's Redis backend, with one Redis client per connection pool."""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _OneClientPerPool(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` for every operation, and each builds its table of reply
    handlers anew (about 0.1 ms): a page reads the cache several times. A client is only a handle on its
    pool (which hands each command a connection), so one per pool serves every operation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # private in the stubs
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


DJANGO_REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def one_client_per_pool(cache: dict[str, Any]) -> dict[str, Any]:
    """A cache's settings (as ``CACHE_URL`` gives them) with Django's Redis backend replaced by this one."""
    if cache.get("BACKEND") == DJANGO_REDIS_CACHE:
        return {**cache, "BACKEND": "config.cache.RedisCache"}
    return cache


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool
