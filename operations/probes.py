"""The answers to the load balancer and to Prometheus: liveness, readiness and metrics.

They are served by ``ProbeMiddleware`` ahead of everything else, so none of them opens a session, sets
a cookie, asks for a sign-in, checks the Host header or redirects to HTTPS: a load balancer probes each
node by its address over plain HTTP, and a probe must not depend on what it is not probing.
"""

import hmac
import ipaddress
import json
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST

from .health import readiness
from .metrics import exposition

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
METRICS_PATH = "/metrics"


def _json(body: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def liveness(request: HttpRequest) -> HttpResponse:
    """The process answers: nothing else is touched (a dead database must not get every node killed)."""
    return _json({"status": "ok"}, 200)


def ready(request: HttpRequest) -> HttpResponse:
    """200 when every dependency answered in time, 503 naming the ones that did not."""
    result = readiness()
    body = {"status": "ok" if result.ready else "unavailable", "checks": result.results}
    response = _json(body, 200 if result.ready else 503)
    # Each failed check has logged why; Django's "Service Unavailable: /readyz" would only repeat it.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@cache
def _operator_networks(
    networks: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def metrics_allowed(request: HttpRequest) -> bool:
    """From the operators' networks (``METRICS_ALLOWED_NETWORKS``) or with ``METRICS_TOKEN`` as a bearer
    token; the token is compared in constant time."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _operator_networks(tuple(settings.METRICS_ALLOWED_NETWORKS)))


def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        # As if there were no such page: a stranger learns nothing, not even that metrics exist.
        return HttpResponse("Not found", content_type="text/plain", status=404)
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


PROBES = {LIVENESS_PATH: liveness, READINESS_PATH: ready, METRICS_PATH: metrics}
