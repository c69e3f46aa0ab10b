"""Writes of the agencies app: DOJ credentialing administrators keep the agency registry."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.rules import is_doj_administrator
from common.audit import changed, record, snapshot
from common.changes import agencies_changed, agency_renamed
from common.errors import NotAllowed, RuleViolation
from common.generations import bump

from .identifiers import normalize_ein, normalize_ori
from .models import Agency

EDITABLE_FIELDS = (
    "name",
    "ori",
    "ein",
    "agency_type",
    "state",
    "county",
    "city",
    "sworn_officers",
    "head_name",
    "head_title",
)


def _require_doj_administrator(actor: User) -> None:
    if not is_doj_administrator(actor):
        raise NotAllowed("Only a DOJ credentialing administrator can change the agency registry.")


def _first_error(error: ValidationError) -> RuleViolation:
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        return RuleViolation(" ".join(e.messages[0] for e in errors), field=field)
    return RuleViolation(error.messages[0])


def _apply(agency: Agency, values: dict[str, Any]) -> None:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation(f"Unknown agency fields: {', '.join(sorted(unknown))}.")
    if "ori" in values:
        values["ori"] = normalize_ori(values["ori"])
    if "ein" in values:
        values["ein"] = normalize_ein(values["ein"])
    for field, value in values.items():
        setattr(agency, field, value)
    try:
        agency.full_clean()
    except ValidationError as error:
        raise _first_error(error) from None


def _duplicate_ori(agency: Agency) -> RuleViolation:
    return RuleViolation(f"Another agency already has the ORI {agency.ori}.", field="ori")


# What the lists counted by state or type watch (``common.generations``).
AGENCY_GENERATION = "agencies"


def create_agency(*, actor: User, **values: Any) -> Agency:
    _require_doj_administrator(actor)
    agency = Agency()
    _apply(agency, values)
    try:
        with transaction.atomic():
            agency.save()
            record(actor=actor, action="agency.created", obj=agency, after=snapshot(agency, EDITABLE_FIELDS))
            agencies_changed(agency_ids=[agency.pk])
    except IntegrityError:
        raise _duplicate_ori(agency) from None
    return agency


def update_agency(*, actor: User, agency: Agency, **values: Any) -> Agency:
    _require_doj_administrator(actor)
    try:
        with transaction.atomic():
            # NO KEY UPDATE: a running recompute's foreign-key checks on the agency are not blocked.
            locked = Agency.objects.select_for_update(no_key=True).get(pk=agency.pk)
            before = snapshot(locked, EDITABLE_FIELDS)
            _apply(locked, values)
            locked.save()
            old, new = changed(before, snapshot(locked, EDITABLE_FIELDS))
            if new:
                record(actor=actor, action="agency.updated", obj=locked, before=old, after=new)
            if "name" in new:
                agency_renamed(agency_id=locked.pk, name=locked.name)
            if "agency_type" in new:
                # The tribal exemption depends on the type.
                agencies_changed(agency_ids=[locked.pk])
            if "agency_type" in new or "state" in new:
                bump(AGENCY_GENERATION)  # lists filtered by them count differently
    except IntegrityError:
        raise _duplicate_ori(agency) from None
    for field in EDITABLE_FIELDS:  # the caller's copy shows what was saved
        setattr(agency, field, getattr(locked, field))
    return locked
