"""The caller's own API tokens: list them by prefix, issue one (its key shown once), revoke one."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from .. import tokens
from ..permissions import IssuesTokensToSignedInPeople
from ..strict import StrictSerializer, refuse_any_fields
from .base import ApiView, actor


class TokenSerializer(StrictSerializer):
    prefix = serializers.CharField(source="token_key", help_text="The first characters of the key.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(help_text="When the token stops working.")


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(help_text="The full key: shown this once, never stored, never shown again.")


@extend_schema_view(
    list=extend_schema(summary="Your API tokens that still work, by prefix (never the key)"),
    create=extend_schema(
        request=None,
        responses={201: IssuedTokenSerializer},
        summary="Issue yourself a new API token; the key is in this answer only",
        description=(
            "Only from a signed-in browser session that passed the second sign-in step where the role "
            "needs it (with its CSRF token); a call authenticated by a token gets 403."
        ),
    ),
    destroy=extend_schema(
        parameters=[OpenApiParameter("prefix", str, OpenApiParameter.PATH, pattern="^[0-9a-f]{1,15}$")],
        summary="Revoke one of your API tokens",
    ),
)
class TokenViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each person manages only their own tokens; a token expires after the configured days, and all of a
    person's tokens are revoked when their password changes or their account is deactivated."""

    permission_classes = [*ApiView.permission_classes, IssuesTokensToSignedInPeople]
    serializer_class = TokenSerializer
    filter_backends: list = []
    lookup_field = "token_key"
    lookup_url_kwarg = "prefix"
    lookup_value_regex = "[0-9a-f]{1,15}"

    def get_queryset(self):
        return tokens.tokens_of(actor(self.request))

    def create(self, request: Request) -> Response:
        refuse_any_fields(request.data)
        token, key = tokens.issue_token(user=actor(request), actor=actor(request))
        body = IssuedTokenSerializer(
            {"token_key": token.token_key, "created": token.created, "expiry": token.expiry, "token": key}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, prefix: str) -> Response:
        tokens.revoke_token(user=actor(request), prefix=prefix, actor=actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
