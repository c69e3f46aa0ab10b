"""Role gates for whole endpoints; object scope comes from the selectors (out of scope is a 404)."""

from rest_framework.permissions import BasePermission

from accounts.rules import is_doj


class IsDOJ(BasePermission):
    """DOJ administrators and grant officers: grant programs and every agency's eligibility."""

    message = "Only DOJ staff (credentialing administrators and grant officers) can see grant programs."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_doj(request.user))


class CanSeeEligibility(BasePermission):
    """DOJ staff see every agency's eligibility; an agency's staff see their own agency's."""

    message = "Eligibility flags are shown to DOJ staff and to each agency's own staff."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (is_doj(user) or user.is_agency_staff))
