from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from . import audit_words, checks  # noqa: F401 - registers the system checks
        from .mfa.admin import withdraw_device_admins

        # The admin app comes first in INSTALLED_APPS: django-otp's device admins are registered by now.
        withdraw_device_admins()
        audit_words.register()


class TrackerAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "accounts.admin_site.TrackerAdminSite"
