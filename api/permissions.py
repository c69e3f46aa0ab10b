"""Role gates for whole endpoints; object scope comes from the selectors (out of scope is a 404)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.rules import is_doj, is_doj_administrator


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


class IsDOJAdministrator(BasePermission):
    """DOJ credentialing administrators only: the audit trail."""

    message = "Only DOJ credentialing administrators can read the audit trail."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and is_doj_administrator(user))


class WritesByDOJAdministrators(BasePermission):
    """Everyone signed in reads; only DOJ credentialing administrators change the register and catalogue."""

    message = "Only a DOJ credentialing administrator can change the register of bodies and the catalogue."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or is_doj_administrator(user)
