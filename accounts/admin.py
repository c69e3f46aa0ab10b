from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import Http404, HttpRequest
from django.urls import path

from .admin_site import DOJModelAdmin
from .models import PERSON_FIELDS, User

# Roles, not groups, decide what a person may do: a group editor would be a door with no rules behind it.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DOJModelAdmin):
    list_display = ("username", "email", "role", "agency", "credentialing_body", "is_active", "last_login")
    list_filter = ("role", "is_active")
    list_select_related = ("agency", "credentialing_body")
    search_fields = ("username", "email", "first_name", "last_name")
    # Never the password hash.
    fields = (
        *PERSON_FIELDS,
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    )

    def get_urls(self):
        # Without this the catch-all object URL would swallow ``<id>/password/`` and redirect.
        return [
            path("<id>/password/", self.admin_site.admin_view(self.no_password_form)),
            *super().get_urls(),
        ]

    def no_password_form(self, request: HttpRequest, id: str):
        raise Http404("Passwords are set by their owners, through a set-password link.")


# Sign-in attempts and their logs are evidence too: an unlock is ``manage.py axes_reset_username``.
def _read_only_sign_in_records() -> None:
    from axes import admin as axes_admin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model, base in (
        (AccessAttempt, axes_admin.AccessAttemptAdmin),
        (AccessLog, axes_admin.AccessLogAdmin),
        (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, type(base.__name__, (DOJModelAdmin, base), {}))


_read_only_sign_in_records()
