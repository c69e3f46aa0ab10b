"""Who is asking and from where, for the audit trail: set per request by the middleware, read by services.

Services take the actor as an argument; the address is not their business, so it travels beside the
request in a context variable instead of through every signature.
"""

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_address: ContextVar[str | None] = ContextVar("request_address", default=None)


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
