"""ORI and EIN: normalising, validating and formatting the two identifiers an agency declares."""

import re

from django.core.exceptions import ValidationError

from .states import State

ORI_PATTERN = r"^[A-Z]{2}[A-Z0-9]{7}$"
EIN_PATTERN = r"^[0-9]{9}$"
_ORI_RE = re.compile(ORI_PATTERN)
_EIN_RE = re.compile(EIN_PATTERN)


def normalize_ori(value: str) -> str:
    return (value or "").strip().upper()


def validate_ori(value: str) -> None:
    """Nine upper-case letters and digits assigned by the FBI; the first two are a postal code."""
    if not _ORI_RE.match(value or ""):
        raise ValidationError(
            "An ORI is 9 characters: the 2-letter state code, then 7 upper-case letters or digits "
            "(for example CA0194200).",
            code="invalid_ori",
        )
    if value[:2] not in State.values:
        raise ValidationError(
            "An ORI starts with a US state or territory postal code; %(code)s is not one.",
            code="invalid_ori_state",
            params={"code": value[:2]},
        )


def normalize_ein(value: str) -> str:
    """Accepts ``NN-NNNNNNN`` or nine bare digits and stores the nine digits."""
    return re.sub(r"[\s-]", "", value or "")


def validate_ein(value: str) -> None:
    if not _EIN_RE.match(value or ""):
        raise ValidationError(
            "An EIN is nine digits, written NN-NNNNNNN (for example 95-6000735).", code="invalid_ein"
        )
    if value.startswith("00"):
        raise ValidationError("No EIN starts with 00.", code="invalid_ein_prefix")


def format_ein(value: str) -> str:
    return f"{value[:2]}-{value[2:]}" if len(value) == 9 else value
