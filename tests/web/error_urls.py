"""The project's routes plus views that fail on purpose, to see each error page as a visitor would."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def refuse(request):
    raise PermissionDenied("not yours")


def garble(request):
    raise SuspiciousOperation("a malformed request")


def crash(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [
    path("fail/403/", refuse),
    path("fail/400/", garble),
    path("fail/500/", crash),
    path("api/v1/fail/500/", crash),
    *project_urlpatterns,
]

handler400 = "web.views.errors.bad_request"
handler403 = "web.views.errors.permission_denied"
handler404 = "web.views.errors.page_not_found"
handler500 = "web.views.errors.server_error"
