"""Writes of the agencies app: DOJ credentialing administrators keep the agency registry."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.rules import is_doj_administrator
from common.changes import agencies_changed
from common.errors import NotAllowed, RuleViolation

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


def _save(agency: Agency, values: dict[str, Any], *, is_new: bool) -> Agency:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise RuleViolation(f"Unknown agency fields: {', '.join(sorted(unknown))}.")
    if "ori" in values:
        values["ori"] = normalize_ori(values["ori"])
    if "ein" in values:
        values["ein"] = normalize_ein(values["ein"])
    type_before = agency.agency_type
    for field, value in values.items():
        setattr(agency, field, value)
    try:
        agency.full_clean()
    except ValidationError as error:
        raise _first_error(error) from None
    try:
        with transaction.atomic():
            agency.save()
            if is_new or agency.agency_type != type_before:
                # The tribal exemption depends on the type.
                agencies_changed(agency_ids=[agency.pk])
    except IntegrityError:
        raise RuleViolation(f"Another agency already has the ORI {agency.ori}.", field="ori") from None
    return agency


def create_agency(*, actor: User, **values: Any) -> Agency:
    _require_doj_administrator(actor)
    return _save(Agency(), values, is_new=True)


def update_agency(*, actor: User, agency: Agency, **values: Any) -> Agency:
    _require_doj_administrator(actor)
    return _save(agency, values, is_new=False)
