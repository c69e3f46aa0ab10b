"""Who is asking and from where, for the audit trail: set per request by the middleware, read by services.

Services take the actor as an argument; the address is not their business, so it travels beside the
request in a context variable instead of through every signature.
"""

import ipaddress
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_address: ContextVar[str | None] = ContextVar("request_address", default=None)
# The id that ties a request's log line to the tasks it enqueued and the e-mails they sent.
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
# What a proxy's X-Request-ID may look like to be kept: anything else is replaced, so a client cannot
# write arbitrary text (or a line break) into every log line of its request.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def current_request_id() -> str | None:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def usable_request_id(value: str | None) -> str | None:
    return value if value and _SAFE_REQUEST_ID.fullmatch(value) else None


@contextmanager
def bound_request_id(value: str | None) -> Iterator[str | None]:
    """Everything logged or enqueued inside the block carries ``value`` as its request id."""
    token = _request_id.set(value)
    try:
        yield value
    finally:
        _request_id.reset(token)


def current_address() -> str | None:
    return _address.get()


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from: the one definition behind the audit trail, the sign-in
    lock-out (``AXES_CLIENT_IP_CALLABLE``) and the API's rate limits (``api/throttling.py``).

    With ``TRUSTED_PROXY_COUNT`` = 0 (the default) it is the connection's own address and no header is
    read. Behind N proxies of our own, each appending the address it was reached from to
    ``X-Forwarded-For``, the client is the Nth address from the right: everything to its left was written
    by the client and anyone can set it. A request that passed fewer proxies than configured (it reached
    a node directly) is judged by its connection's address, never by what it says of itself.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < trusted:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-trusted]))
    except ValueError:
        return remote  # our own proxy would have written an address: this one was not


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)
