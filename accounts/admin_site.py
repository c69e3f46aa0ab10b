"""The admin is for DOJ credentialing administrators only, whatever flags a user carries."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse

from common.admin_base import ReadOnlyModelAdmin

from .password_forms import AdminOwnPasswordChangeForm
from .rules import is_doj_administrator


class TrackerAdminSite(admin.AdminSite):
    site_header = "Safe Policing Credentialing Tracker: DOJ administration"
    site_title = "Credentialing Tracker admin"
    index_title = "Records"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        # A password alone never opens the admin: the session must have passed the second factor.
        is_verified = getattr(user, "is_verified", None)
        # The role decides, not Django's staff or superuser flags: nothing in the product sets those, and
        # a superuser of another role (made on the server) has no business here either.
        return bool(
            user.is_active and is_doj_administrator(user) and is_verified is not None and is_verified()
        )

    def password_change(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Django's own page, but the change goes through the accounts service and its audit row."""
        from django.contrib.auth.views import PasswordChangeView

        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=AdminOwnPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)


class DOJModelAdmin(ReadOnlyModelAdmin):
    """Viewable by every admin user (the site already admits only DOJ administrators) and never
    editable there: people, registry and certification changes go through the services and pages."""
