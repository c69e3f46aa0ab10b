"""The API's rate limits, counting callers by the address ``common.request_context.client_address``
gives: the same address the sign-in lock-out and the audit trail use, from the configured number of
trusted proxies and never from a header the caller wrote (DRF's own ``get_ident`` trusts the whole
``X-Forwarded-For`` unless ``NUM_PROXIES`` is set, and reads it differently)."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from common.request_context import client_address


class AddressMixin:
    def get_ident(self, request) -> str:
        return client_address(request) or ""


class AnonymousRateThrottle(AddressMixin, AnonRateThrottle):
    """Callers without valid credentials, per address (``API_ANON_RATE``)."""


class SignedInRateThrottle(AddressMixin, UserRateThrottle):
    """Signed-in callers per user (``API_USER_RATE``); the address only for an anonymous caller."""
