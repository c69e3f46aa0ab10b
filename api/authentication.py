"""Token authentication: knox's hashed, expiring tokens behind the ``Authorization: Token <key>`` header."""

from knox.auth import TokenAuthentication
from rest_framework import exceptions


class ApiTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        # A key is plain hex; anything else (bytes that are not UTF-8, say) is simply not a token.
        try:
            token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        return super().authenticate_credentials(token)
