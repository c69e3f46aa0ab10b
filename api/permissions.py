"""Role gates for whole endpoints; object scope comes from the selectors (out of scope is a 404)."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.mfa.selectors import second_step_passed
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


class IssuesTokensToSignedInPeople(BasePermission):
    """A new token only for a person signed in on the web (the password, then the second step where
    their role needs it), never for a caller holding a token: otherwise one token could mint the next
    and API access would never have to end. Listing and revoking one's own tokens stay open to tokens.
    Operators issue tokens on the server with ``manage.py issue_token``."""

    message = (
        "A new API token is issued only to a person signed in with their password and, where their role "
        "needs it, the second sign-in step; a token cannot issue another."
    )

    def has_permission(self, request, view) -> bool:
        if request.method != "POST":
            return True
        signed_in = isinstance(request.successful_authenticator, SessionAuthentication)
        return signed_in and request.user.is_authenticated and second_step_passed(request.user)
