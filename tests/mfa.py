"""Passing the second sign-in step in tests: a confirmed authenticator and a session marked verified."""

from datetime import timedelta

from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa.selectors import authenticator
from accounts.rules import must_use_second_factor


def give_authenticator(user) -> TOTPDevice:
    """A confirmed authenticator app, as enrolment leaves it (the key is random)."""
    return authenticator(user) or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )


def pass_second_factor(client, user) -> None:
    """Mark the test client's session verified, as ``django_otp.login`` does after a right code, for
    people whose role needs a second factor or who set one up."""
    device = authenticator(user)
    if device is None and not must_use_second_factor(user):
        return
    device = device or give_authenticator(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def let_back_off_pass(user) -> None:
    """Move the last wrong code far enough back that the devices' exponential back-off is over."""
    long_ago = timezone.now() - timedelta(days=1)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=long_ago)
