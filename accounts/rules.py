"""Role predicates, one vocabulary for views, the API and templates (``{% has_perm %}``)."""

import rules
from django.conf import settings

from .models import Role


@rules.predicate
def is_agency_staff(user) -> bool:
    return getattr(user, "role", None) == Role.AGENCY_STAFF


@rules.predicate
def is_certifier(user) -> bool:
    return getattr(user, "role", None) == Role.CERTIFIER


@rules.predicate
def is_doj_administrator(user) -> bool:
    return getattr(user, "role", None) == Role.DOJ_ADMINISTRATOR


@rules.predicate
def is_grant_officer(user) -> bool:
    return getattr(user, "role", None) == Role.GRANT_OFFICER


is_doj = is_doj_administrator | is_grant_officer


@rules.predicate
def is_staff_of(user, agency) -> bool:
    """One of this agency's own staff."""
    return is_agency_staff(user) and getattr(user, "agency_id", None) == getattr(agency, "pk", None)


# Only DOJ credentialing administrators manage people (create, change role, deactivate, send links).
can_manage_people = is_doj_administrator


@rules.predicate
def is_oneself(user, person) -> bool:
    """The person acted upon is the actor: nobody changes their own role, organisation or access."""
    return person is not None and getattr(user, "pk", None) is not None and user.pk == person.pk


@rules.predicate
def must_use_second_factor(user) -> bool:
    """The roles of ``MFA_REQUIRED_ROLES`` enrol an authenticator app and pass it at every sign-in."""
    return getattr(user, "role", None) in settings.MFA_REQUIRED_ROLES
