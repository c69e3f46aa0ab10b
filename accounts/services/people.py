"""People and roles: only DOJ credentialing administrators manage them, never their own account.

Each change is one transaction that locks the person's row and writes the audit row. Nobody here sets a
password: a new person gets a set-password link, and ``is_staff``/``is_superuser`` are never touched
(superusers come from ``manage.py createsuperuser`` on the server).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from common.audit import changed, record, snapshot
from common.errors import InvalidTransition, RuleViolation

from ..models import PERSON_FIELDS, Role, User
from . import passwords
from .checks import refuse_oneself, require_people_manager

# What the audit trail keeps of a person: never the password.
RECORDED_FIELDS = PERSON_FIELDS
ORGANISATION_OF_ROLE = {
    Role.AGENCY_STAFF: "agency",
    Role.CERTIFIER: "credentialing_body",
    Role.DOJ_ADMINISTRATOR: None,
    Role.GRANT_OFFICER: None,
}


def _check_organisation(role: str, agency: Any, credentialing_body: Any) -> None:
    if role not in Role.values:
        raise RuleViolation(f"Unknown role {role!r}.", field="role")
    needs = ORGANISATION_OF_ROLE[Role(role)]
    label = Role(role).label
    if needs == "agency" and agency is None:
        raise RuleViolation(f"{label} belongs to an agency: choose one.", field="agency")
    if needs == "credentialing_body" and credentialing_body is None:
        raise RuleViolation(
            f"A {label.lower()} belongs to a credentialing body: choose one.", field="credentialing_body"
        )
    if needs != "agency" and agency is not None:
        raise RuleViolation(f"A {label.lower()} does not belong to an agency.", field="agency")
    if needs != "credentialing_body" and credentialing_body is not None:
        raise RuleViolation(f"{label} does not belong to a credentialing body.", field="credentialing_body")


def _clean_email(email: str, *, exclude_pk: int | None = None) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise RuleViolation(
            "Enter a valid e-mail address: the set-password link is sent there.", field="email"
        ) from None
    others = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise RuleViolation(f"Another person already uses the e-mail address {email}.", field="email")
    return email


def _locked(person: User) -> User:
    return User.objects.select_for_update().get(pk=person.pk)


def create_user(
    *,
    actor: User,
    username: str,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    agency: Any = None,
    credentialing_body: Any = None,
    base_url: str,
) -> User:
    """``agency`` and ``credentialing_body`` are model instances of the apps above this one.

    A new person with no password yet, who is sent a link to set one (``base_url``: the site's
    address). If the link cannot be sent, nobody is created."""
    require_people_manager(actor)
    _check_organisation(role, agency, credentialing_body)
    username = (username or "").strip()
    person = User(
        username=username,
        email=_clean_email(email),
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        role=role,
        agency=agency,
        credentialing_body=credentialing_body,
    )
    person.set_unusable_password()
    try:
        person.full_clean(exclude=["password"])
    except ValidationError as error:
        raise _first_error(error) from None
    try:
        with transaction.atomic():
            person.save()
            record(
                actor=actor,
                action="user.created",
                obj=person,
                after=snapshot(person, RECORDED_FIELDS),
            )
            passwords.mail_set_password_link(person, base_url=base_url, invited_by=actor)
    except IntegrityError:
        raise RuleViolation(f"The username {username} is taken.", field="username") from None
    return person


def change_role(
    *,
    actor: User,
    user: User,
    role: str,
    agency: Any = None,
    credentialing_body: Any = None,
    reason: str = "",
) -> User:
    """Another person's role and organisation, together (the database holds them to each other)."""
    require_people_manager(actor)
    refuse_oneself(actor, user, "change the role or organisation of")
    _check_organisation(role, agency, credentialing_body)
    with transaction.atomic():
        person = _locked(user)
        before = snapshot(person, RECORDED_FIELDS)
        person.role = role
        person.agency = agency
        person.credentialing_body = credentialing_body
        old, new = changed(before, snapshot(person, RECORDED_FIELDS))
        if not new:
            raise RuleViolation("That is already this person's role and organisation.", field="role")
        person.save(update_fields=["role", "agency", "credentialing_body"])
        record(actor=actor, action="user.role_changed", obj=person, before=old, after=new, reason=reason)
    return person


def _set_active(*, actor: User, user: User, active: bool, reason: str) -> User:
    require_people_manager(actor)
    refuse_oneself(actor, user, "deactivate or reactivate")
    with transaction.atomic():
        person = _locked(user)
        if person.is_active == active:
            state = "active" if active else "deactivated"
            raise InvalidTransition(f"{person.username} is already {state}.")
        person.is_active = active
        person.save(update_fields=["is_active"])
        record(
            actor=actor,
            action="user.reactivated" if active else "user.deactivated",
            obj=person,
            before={"is_active": not active},
            after={"is_active": active},
            reason=reason,
        )
    return person


def deactivate_user(*, actor: User, user: User, reason: str = "") -> User:
    """The person can no longer sign in; their sessions and API tokens stop working at once."""
    return _set_active(actor=actor, user=user, active=False, reason=reason)


def reactivate_user(*, actor: User, user: User, reason: str = "") -> User:
    return _set_active(actor=actor, user=user, active=True, reason=reason)


def _first_error(error: ValidationError) -> RuleViolation:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return RuleViolation(
            " ".join(e.messages[0] for e in errors), field=None if field == "__all__" else field
        )
    return RuleViolation(error.messages[0])
