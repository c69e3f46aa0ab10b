"""Heavy reads on a streaming read replica, every write and the reads that must see it on the primary.

Nothing goes to the replica unless a view asks for it: the views that read a lot and change nothing (the
applicants list and its downloads, every agency's eligibility, the registry, dashboards) are wrapped in
``@reads_from_replica``. Inside them the domain tables are read from the ``replica`` database; sessions,
accounts and every other table, any read inside a transaction, and any read after a write in the same
request stay on the primary. A person who has just changed something is pinned to the primary for
``REPLICA_PIN_SECONDS`` (a cookie set by ``ReadYourWritesMiddleware``), so they read their own write even
when the replica lags behind.

Without ``DATABASE_REPLICA_URL`` there is no ``replica`` alias, the router is not installed, and all of
this is a no-op: everything reads and writes ``default`` as before.
"""

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest
from django.http.response import HttpResponseBase, StreamingHttpResponse

REPLICA = "replica"
PIN_COOKIE = "primary_until"
# The domain's tables, which a lag of a second or two cannot harm on a list. Sessions, users, tokens,
# lock-out counters and second-factor devices are read where they are written.
REPLICATED_APPS = frozenset({"agencies", "credentialing", "grants", "common"})

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote_to_primary", default=False)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reads_from_replica() -> Iterator[None]:
    """Inside this block the domain's reads go to the replica (when there is one and nothing pins them)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def _on_replica(chunks: Iterable[Any]) -> Iterator[Any]:
    # A streamed download runs its query after the view has returned: each chunk is read inside the block.
    iterator = iter(chunks)
    while True:
        with reads_from_replica():
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


def _user_key(user: Any) -> str | None:
    return f"primary-until:{user.pk}" if getattr(user, "is_authenticated", False) else None


def _user_pinned(user: Any) -> bool:
    # An API client with a token keeps no cookie: its pin is kept under its user in the shared cache.
    key = _user_key(user)
    return bool(key) and float(cache.get(key, 0)) > time.time()


def replica_view(view: View) -> View:
    """Decorator for a heavy read-only view: its queries, streamed ones included, read from the replica.

    Works on a function view (``request`` first) and on a DRF view method (``self, request``).
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> HttpResponseBase:
        request = args[0] if hasattr(args[0], "COOKIES") else args[1]
        if request.method not in ("GET", "HEAD") or _user_pinned(getattr(request, "user", None)):
            return view(*args, **kwargs)
        with reads_from_replica():
            response = view(*args, **kwargs)
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            response.streaming_content = _on_replica(response.streaming_content)  # type: ignore[arg-type]
        return response

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    """Django database router: ``replica`` only for the domain's reads inside ``reads_from_replica``."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            _replica_reads.get()
            and not _pinned.get()
            and model._meta.app_label in REPLICATED_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Whatever this request reads after a write, it reads from where it wrote.
        _pinned.set(True)
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _pin_fresh(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReadYourWritesMiddleware:
    """Pins a person to the primary for a short while after a request of theirs wrote to it.

    The cookie holds only a time: forging it can do no more than send one's own reads to the primary.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        pinned = _pinned.set(_pin_fresh(request))
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in ("GET", "HEAD", "OPTIONS"):
                seconds = settings.REPLICA_PIN_SECONDS
                key = _user_key(getattr(request, "user", None))
                if key:
                    cache.set(key, time.time() + seconds, seconds)
                response.set_cookie(
                    PIN_COOKIE,
                    f"{time.time() + seconds:.3f}",
                    max_age=seconds,
                    secure=not settings.DEBUG,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _wrote.reset(wrote)
            _pinned.reset(pinned)


def primary_pinned() -> bool:
    """Whether this request's reads are held on the primary (for tests and diagnostics)."""
    return _pinned.get()
