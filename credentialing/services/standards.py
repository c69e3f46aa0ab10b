"""The standards catalogue, kept by DOJ credentialing administrators.

Principles are added, reworded, retired and restored, never deleted: bodies and findings refer to them.
The two Sec. 2(c) minimums cannot be retired or made discretionary; the database refuses it too
(``standard_sec_2c_minimums_mandatory``), this module refuses first with a message a person can act on.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_doj_administrator
from common.audit import changed, record, snapshot
from common.errors import InvalidTransition, NotAllowed, RuleViolation

from ..models import Standard, StandardKind

AUDITED_FIELDS = ("code", "title", "description", "kind", "retired_at")


def _require_administrator(actor: User) -> None:
    if not is_doj_administrator(actor):
        raise NotAllowed("Only a DOJ credentialing administrator can change the standards catalogue.")


def _wording(title: str, description: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise RuleViolation("A principle needs a title.", field="title")
    if len(title) > 200:
        raise RuleViolation("A principle's title has at most 200 characters.", field="title")
    if len(description) > 5000:
        raise RuleViolation("A principle's description has at most 5,000 characters.", field="description")
    return title, description


def _locked(standard: Standard) -> Standard:
    return Standard.objects.select_for_update().get(pk=standard.pk)


def add_standard(*, actor: User, code: str, title: str, description: str = "") -> Standard:
    """A new discretionary principle, listed after the others. Only the order's two are mandatory."""
    _require_administrator(actor)
    code = (code or "").strip().lower()
    try:
        validate_slug(code)
    except ValidationError:
        raise RuleViolation(
            "A code is made of lower-case letters, digits and hyphens: duty-to-intervene.", field="code"
        ) from None
    if len(code) > 64:
        raise RuleViolation("A code has at most 64 characters.", field="code")
    title, description = _wording(title, description)
    try:
        with transaction.atomic():
            last = Standard.objects.aggregate(last=Max("position"))["last"] or 0
            standard = Standard.objects.create(
                code=code,
                title=title,
                description=description,
                kind=StandardKind.DISCRETIONARY,
                position=min(last + 10, 32767),
            )
            record(
                actor=actor,
                action="standard.added",
                obj=standard,
                after=snapshot(standard, AUDITED_FIELDS),
            )
    except IntegrityError:
        raise RuleViolation(f"There is already a principle with the code {code}.", field="code") from None
    return standard


def update_standard(*, actor: User, standard: Standard, title: str, description: str = "") -> Standard:
    """New wording for a principle (mandatory ones included); its code and kind do not change."""
    _require_administrator(actor)
    title, description = _wording(title, description)
    with transaction.atomic():
        locked = _locked(standard)
        before = snapshot(locked, AUDITED_FIELDS)
        locked.title, locked.description = title, description
        locked.save(update_fields=["title", "description"])
        old, new = changed(before, snapshot(locked, AUDITED_FIELDS))
        if new:
            record(actor=actor, action="standard.reworded", obj=locked, before=old, after=new)
    return locked


def retire_standard(*, actor: User, standard: Standard, reason: str = "") -> Standard:
    """No body reviews a retired principle from now on; findings already recorded on it stay."""
    _require_administrator(actor)
    with transaction.atomic():
        locked = _locked(standard)
        if locked.is_mandatory:
            raise RuleViolation(
                f"“{locked.title}” is one of the two minimums of EO 13929 Sec. 2(c): every certified body "
                "must confirm it, so it cannot be retired or made discretionary."
            )
        if locked.is_retired:
            raise InvalidTransition(f"“{locked.title}” is already retired.")
        before = snapshot(locked, AUDITED_FIELDS)
        locked.retired_at = timezone.now()
        locked.save(update_fields=["retired_at"])
        old, new = changed(before, snapshot(locked, AUDITED_FIELDS))
        record(actor=actor, action="standard.retired", obj=locked, before=old, after=new, reason=reason)
    return locked


def restore_standard(*, actor: User, standard: Standard, reason: str = "") -> Standard:
    """Back in force: the bodies that chose it before it was retired review it again."""
    _require_administrator(actor)
    with transaction.atomic():
        locked = _locked(standard)
        if not locked.is_retired:
            raise InvalidTransition(f"“{locked.title}” is in force: there is nothing to restore.")
        before = snapshot(locked, AUDITED_FIELDS)
        locked.retired_at = None
        locked.save(update_fields=["retired_at"])
        old, new = changed(before, snapshot(locked, AUDITED_FIELDS))
        record(actor=actor, action="standard.restored", obj=locked, before=old, after=new, reason=reason)
    return locked
