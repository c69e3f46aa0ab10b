"""No authenticator or recovery code in the admin: a form that sets a device's key would be a way
round the second factor. Devices change only through enrolment (``accounts.mfa.services``)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def withdraw_device_admins() -> None:
    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
