"""The schema and its two readers, Swagger UI and Redoc, served from the sidecar's local static files.

Neither page loads anything from another origin. Swagger UI's start-up script is served as a separate
file (no inline script); Redoc injects its own ``<style>`` elements and runs its search in a ``blob:``
worker, so its page alone gets those two allowances in its Content-Security-Policy.
"""

from typing import cast

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.views import redirect_to_login
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .base import AUTHENTICATION


class SignInFirst(APIView):
    """A person who opens the docs signed out is sent to the sign-in page, and back here after it,
    instead of a bare 401."""

    def handle_exception(self, exc: Exception) -> Response:
        request = self.request
        if isinstance(exc, NotAuthenticated | AuthenticationFailed) and not request.user.is_authenticated:
            return cast(Response, redirect_to_login(request.get_full_path()))
        return super().handle_exception(exc)


class SchemaView(SpectacularAPIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]


class DocsView(SignInFirst, SpectacularSwaggerSplitView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    template_name_js = "api/swagger_ui.js"


@method_decorator(csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}), name="dispatch")
class RedocView(SignInFirst, SpectacularRedocView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    template_name = "api/redoc.html"
