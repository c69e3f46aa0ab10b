"""Writes of the second factor: enrolment, checking a code, recovery codes.

The audit trail records that something happened, never a secret or a code.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from common import audit
from common.errors import InvalidTransition, RuleViolation

from ..models import User
from .selectors import authenticator, has_authenticator

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one code: the device that accepted it, or how many wrong codes in a row the
    person has entered and, while the devices back off, until when no code is looked at."""

    device: Device | None
    failures: int = 0
    locked_until: datetime | None = None
    recovery_codes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.device is not None


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _lock_user(user: User) -> None:
    User.objects.select_for_update().only("pk").get(pk=user.pk)


def _try(device: Device, code: str, devices: list[Device]) -> CodeCheck:
    """Ask ``device`` through its throttling: a refused attempt while it backs off is not a wrong code."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return CodeCheck(None, _failures(devices), (info or {}).get("locked_until"))
    if device.verify_token(code):
        # One right code ends the run of wrong ones, whichever device counted them.
        for other in devices:
            if other is not device and other.throttling_failure_count:
                other.throttle_reset()
        return CodeCheck(device)
    return CodeCheck(None, _failures(devices))


def _failures(devices: list[Device]) -> int:
    return sum(d.throttling_failure_count for d in devices)


def _replace_recovery_codes(user: User) -> list[str]:
    """Fresh codes on the user's one recovery device; the old ones stop working. The device itself
    stays, so a session verified with a recovery code stays verified."""
    device = StaticDevice.objects.select_for_update().filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME)
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in sorted(codes)])
    device.throttle_reset()
    return sorted(codes)


def pending_authenticator(*, user: User) -> TOTPDevice:
    """The authenticator awaiting its first code, made with a fresh secret on the first call."""
    with transaction.atomic():
        _lock_user(user)
        if has_authenticator(user):
            raise InvalidTransition("An authenticator app is already set up for this account.")
        device = authenticator(user, confirmed=False)
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_enrolment(*, user: User, code: str) -> CodeCheck:
    """The first right code confirms the authenticator and issues the recovery codes (shown once)."""
    with transaction.atomic():
        _lock_user(user)
        if has_authenticator(user):
            raise InvalidTransition("An authenticator app is already set up for this account.")
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise InvalidTransition("No authenticator is waiting for confirmation: start the set-up again.")
        check = _try(device, _normalise(code), [device])
        if not check.passed:
            return check
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        audit.record(
            actor=user,
            action="mfa.enrolled",
            obj=user,
            after={"authenticator": device.name, "recovery_codes": len(codes)},
        )
    return CodeCheck(device, recovery_codes=codes)


def check_code(*, user: User, code: str) -> CodeCheck:
    """A code from the authenticator app, or a recovery code (used up by this)."""
    code = _normalise(code)
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is None:
            raise InvalidTransition("Set up an authenticator app first.")
        recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        devices: list[Device] = [d for d in (totp, recovery) if d is not None]
        # The shape says which device to ask, so one wrong code is counted once.
        looks_like_totp = code.isdigit() and len(code) == totp.digits
        device: Device = totp if looks_like_totp or recovery is None else recovery
        check = _try(device, code, devices)
        if check.passed and device is recovery:
            audit.record(
                actor=user,
                action="mfa.recovery_code_used",
                obj=user,
                after={"recovery_codes_left": recovery.token_set.count()},
            )
    return check


def regenerate_recovery_codes(*, user: User) -> list[str]:
    with transaction.atomic():
        _lock_user(user)
        if not has_authenticator(user):
            raise InvalidTransition("Set up an authenticator app first.")
        codes = _replace_recovery_codes(user)
        audit.record(
            actor=user,
            action="mfa.recovery_codes_regenerated",
            obj=user,
            after={"recovery_codes": len(codes)},
        )
    return codes


def reset_second_factor(*, user: User, actor: User | None, reason: str) -> None:
    """For a person who lost both their phone and their recovery codes: their devices go, and their
    next sign-in asks them to set up an authenticator again (their role still requires it)."""
    if not reason.strip():
        raise RuleViolation("Say why the second factor is reset.", field="reason")
    with transaction.atomic():
        _lock_user(user)
        had = has_authenticator(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record(
            actor=actor,
            action="mfa.reset",
            obj=user,
            before={"authenticator": had},
            after={"authenticator": False},
            reason=reason,
        )
