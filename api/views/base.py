"""What every API view shares: token-then-session authentication, login required, the error schema."""

from typing import cast

from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import User

from ..authentication import ApiTokenAuthentication
from ..schema import TrackerAutoSchema

# Token first: an anonymous caller gets 401 with ``WWW-Authenticate: Token`` rather than a bare 403.
AUTHENTICATION = [ApiTokenAuthentication, SessionAuthentication]


class ApiView(APIView):
    """The base of every API view and viewset."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    schema = TrackerAutoSchema()

    def initial(self, request: Request, *args, **kwargs) -> None:
        try:
            super().initial(request, *args, **kwargs)
        except (exceptions.NotAuthenticated, exceptions.AuthenticationFailed):
            # DRF throttles only after authentication and permissions pass; an anonymous caller or a
            # guessed token is counted too (by address), and gets 429 past the anonymous rate.
            self.check_throttles(request)
            raise


def actor(request: Request) -> User:
    """The signed-in user (every API view requires authentication)."""
    return cast(User, request.user)


class UnknownEndpoint(ApiView):
    """Any other path under ``/api/v1/``: a JSON 404 (after authentication), never an HTML page."""

    def _missing(self, request: Request, *args, rest: str = "", **kwargs):
        hint = "" if rest.endswith("/") or not rest else " Paths end with a slash."
        raise NotFound(f"There is no such endpoint in version 1 of the API.{hint}")

    get = post = put = patch = delete = _missing
