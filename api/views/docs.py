"""The schema and its two readers, Swagger UI and Redoc, served from the sidecar's local static files.

Neither page loads anything from another origin. Swagger UI's start-up script is served as a separate
file (no inline script); Redoc injects its own ``<style>`` elements and runs its search in a ``blob:``
worker, so its page alone gets those two allowances in its Content-Security-Policy.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from .base import AUTHENTICATION


class SchemaView(SpectacularAPIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    template_name = "api/swagger_ui.html"
    template_name_js = "api/swagger_ui.js"


@method_decorator(csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}), name="dispatch")
class RedocView(SpectacularRedocView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    template_name = "api/redoc.html"
