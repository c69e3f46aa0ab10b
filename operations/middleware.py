"""Probes answered first; then one log line, a request id and the request metrics for everything else."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from common.request_context import bound_request_id, new_request_id, usable_request_id

from .metrics import observe_request
from .probes import PROBES

logger = logging.getLogger("tracker.request")

Handler = Callable[[HttpRequest], HttpResponse]


class ProbeMiddleware:
    """``/healthz``, ``/readyz`` and ``/metrics`` before any other middleware runs (see operations.probes)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


def _view_name(request: HttpRequest) -> str:
    # The URL's name, never the path: ids and tokens in paths would make a label per object.
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"
    return match.view_name or "<unnamed>"


class RequestLogMiddleware:
    """One JSON line per request: method, view, status, duration, request id and the user's id.

    The request id is the proxy's ``X-Request-ID`` when ``TRUST_REQUEST_ID_HEADER`` is on (only a proxy
    that sets or replaces the header may be trusted), a new one otherwise; it is sent back in the
    response and follows the request's work into Celery tasks and the e-mails they send.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID") if settings.TRUST_REQUEST_ID_HEADER else None
        with bound_request_id(usable_request_id(given) or new_request_id()) as request_id:
            started = time.monotonic()
            response = self.get_response(request)
            seconds = time.monotonic() - started
            view = _view_name(request)
            observe_request(
                view=view, method=request.method or "", status=response.status_code, seconds=seconds
            )
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                view,
                response.status_code,
                extra={
                    "method": request.method,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            response["X-Request-ID"] = request_id or ""
            return response
