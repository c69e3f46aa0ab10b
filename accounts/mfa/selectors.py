"""Reads of the second factor: which step a signed-in person still owes, and their devices."""

import enum
import time
from base64 import b32encode

from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..models import User
from ..rules import must_use_second_factor


class Step(enum.Enum):
    """What stands between a password-only session and the rest of the product."""

    ENROL = "enrol"
    VERIFY = "verify"


def authenticator(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def step_owed(user: User) -> Step | None:
    """For a session not yet verified: enrol (a role that needs a second factor and has none), verify
    (anyone with an authenticator, agency staff who chose one included), or nothing."""
    if has_authenticator(user):
        return Step.VERIFY
    if must_use_second_factor(user):
        return Step.ENROL
    return None


def second_step_passed(user) -> bool:
    """Whether this signed-in session owes nothing more: verified by a device, or nothing is owed.
    ``user`` is the request's user, on which django-otp's middleware says whether a device verified it."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified()) or step_owed(user) is None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def usable_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code an authenticator app would show now, or in the next time step when this one's code
    was already used (a code is accepted once). For the demo command and the tests."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"
