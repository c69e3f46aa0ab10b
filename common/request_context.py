"""Who is asking and from where, for the audit trail: set per request by the middleware, read by services.

Services take the actor as an argument; the address is not their business, so it travels beside the
request in a context variable instead of through every signature.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_address: ContextVar[str | None] = ContextVar("request_address", default=None)


def current_address() -> str | None:
    return _address.get()


def client_address(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is the proxy's own address behind a load balancer; the proxy is configured to
    # set it to the client's (see docs/operations.md), so no forwarded header is trusted here.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _address.reset(token)
