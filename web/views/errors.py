"""The error pages: the USWDS shell for the web pages, the API's JSON shape for any path under /api/.

Django calls these for errors no view handled (``handler400`` and friends in config/urls.py). Paths
under /api/v1/ that match no route are answered by the API itself; these handlers cover the rest of
/api/ (another version, a server error) so that an API client never receives an HTML page.
"""

import logging
import secrets

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "The request is not valid.", "code": "invalid_data"}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        detail = "You do not have permission to perform this action."
        return JsonResponse({"detail": detail, "code": "permission_denied"}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "There is no such endpoint.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """A reference the person can quote to the help desk, logged beside the error Django logged.

    Rendered without the request: no context processor, no database, nothing that could fail again.
    """
    reference = secrets.token_hex(6)
    logger.error("server error reference %s for %s %s", reference, request.method, request.path)
    if _is_api(request):
        detail = f"Something went wrong on our side. Reference: {reference}."
        return JsonResponse({"detail": detail, "code": "server_error", "reference": reference}, status=500)
    html = loader.get_template("500.html").render({"reference": reference})
    return HttpResponse(html, status=500)
