"""Role predicates, one vocabulary for views, the API and templates (``{% has_perm %}``)."""

import rules

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
