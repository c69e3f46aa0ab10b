"""The register of credentialing bodies, kept by DOJ credentialing administrators.

What a body serves and for how long its credentials last are its registry entry; its AG certification is
changed by ``bodies.py``. Neither a change of coverage nor of term touches an existing application: the
coverage is checked when an agency applies, the term when a certifier approves.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import User
from accounts.rules import is_doj_administrator
from agencies.models import AgencyType
from agencies.states import State
from common.audit import changed, record, snapshot
from common.errors import NotAllowed, RuleViolation
from common.generations import bump

from ..models import CredentialingBody, Standard, StandardKind
from ..selectors import BODIES_GENERATION

REGISTRY_FIELDS = (
    "name",
    "abbreviation",
    "states_served",
    "agency_types_served",
    "is_primary",
    "credential_term_months",
)
DEFAULT_TERM_MONTHS = 36


def _require_administrator(actor: User) -> None:
    if not is_doj_administrator(actor):
        raise NotAllowed("Only a DOJ credentialing administrator can change the register of bodies.")


def _codes(values: Iterable[str], known: Iterable[str], what: str, field: str) -> list[str]:
    chosen = sorted({str(v).strip() for v in values or [] if str(v).strip()})
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise RuleViolation(f"Unknown {what}: {', '.join(unknown)}.", field=field)
    return chosen


def _discretionary(standards: Iterable[Standard | int | str]) -> list[Standard]:
    """The discretionary principles in force among ``standards`` (objects, ids or codes)."""
    wanted = list(standards or [])
    ids = {s.pk if isinstance(s, Standard) else s for s in wanted if not isinstance(s, str)}
    codes = {s for s in wanted if isinstance(s, str)}
    found = list(Standard.objects.filter(Q(pk__in=ids) | Q(code__in=codes)))
    missing = sorted(map(str, (ids - {s.pk for s in found}) | (codes - {s.code for s in found})))
    if missing:
        raise RuleViolation(f"No such principle: {', '.join(missing)}.", field="discretionary_standards")
    for standard in found:
        if standard.kind != StandardKind.DISCRETIONARY:
            raise RuleViolation(
                f"“{standard.title}” is mandatory: every body reviews it, it is not chosen.",
                field="discretionary_standards",
            )
        if standard.is_retired:
            raise RuleViolation(
                f"“{standard.title}” is retired: no body can choose it.", field="discretionary_standards"
            )
    return found


def body_snapshot(body: CredentialingBody) -> dict[str, Any]:
    """The registry entry as the audit trail keeps it (principles by code, which a person can read)."""
    values = snapshot(body, REGISTRY_FIELDS)
    values["discretionary_standards"] = sorted(
        body.discretionary_standards.values_list("code", flat=True) if body.pk else []
    )
    return values


def _apply(body: CredentialingBody, values: dict[str, Any]) -> None:
    unknown = set(values) - set(REGISTRY_FIELDS)
    if unknown:
        raise RuleViolation(f"Unknown fields of a credentialing body: {', '.join(sorted(unknown))}.")
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
        if not values["name"]:
            raise RuleViolation("A credentialing body needs a name.", field="name")
    if "abbreviation" in values:
        values["abbreviation"] = (values["abbreviation"] or "").strip()
    if "states_served" in values:
        values["states_served"] = _codes(values["states_served"], State.values, "states", "states_served")
    if "agency_types_served" in values:
        values["agency_types_served"] = _codes(
            values["agency_types_served"], AgencyType.values, "agency types", "agency_types_served"
        )
    if values.get("credential_term_months") in (None, ""):
        values.pop("credential_term_months", None)
    for field, value in values.items():
        setattr(body, field, value)
    if body.is_primary and not body.states_served:
        raise RuleViolation(
            "A national body is not the primary body of a state: choose its states first.", field="is_primary"
        )
    try:
        body.full_clean(exclude=["discretionary_standards"], validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RuleViolation(" ".join(messages), field=None if field == "__all__" else field) from None


def _save(body: CredentialingBody) -> None:
    try:
        with transaction.atomic():
            body.save()
    except IntegrityError:
        raise RuleViolation(
            f"There is already a credentialing body named {body.name}.", field="name"
        ) from None


def create_body(
    *, actor: User, discretionary_standards: Iterable[Standard | int | str] = (), **values: Any
) -> CredentialingBody:
    """A new body, pending the AG's certification, with a 36-month credential term unless set."""
    _require_administrator(actor)
    body = CredentialingBody(credential_term_months=DEFAULT_TERM_MONTHS)
    _apply(body, values)
    chosen = _discretionary(discretionary_standards)
    with transaction.atomic():
        _save(body)
        body.discretionary_standards.set(chosen)
        record(actor=actor, action="body.created", obj=body, after=body_snapshot(body))
        bump(BODIES_GENERATION)
    return body


def update_body(
    *,
    actor: User,
    body: CredentialingBody,
    discretionary_standards: Iterable[Standard | int | str] | None = None,
    **values: Any,
) -> CredentialingBody:
    """A changed registry entry. ``discretionary_standards`` (when given) is the full list in force;
    principles retired since the body chose them stay chosen, so restoring one brings it back."""
    _require_administrator(actor)
    with transaction.atomic():
        locked = CredentialingBody.objects.select_for_update().get(pk=body.pk)
        before = body_snapshot(locked)
        _apply(locked, values)
        _save(locked)
        if discretionary_standards is not None:
            chosen = _discretionary(discretionary_standards)
            kept = locked.discretionary_standards.filter(retired_at__isnull=False)
            locked.discretionary_standards.set([*chosen, *kept])
        old, new = changed(before, body_snapshot(locked))
        if new:
            record(actor=actor, action="body.updated", obj=locked, before=old, after=new)
            bump(BODIES_GENERATION)
    for field in REGISTRY_FIELDS:  # the caller's copy shows what was saved
        setattr(body, field, getattr(locked, field))
    return locked
