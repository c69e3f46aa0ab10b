"""API tokens on the DOJ admin site: administrators issue and revoke them (a revoked token is deleted)."""

from django.contrib import admin
from django.http import HttpRequest
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from accounts.admin_site import DOJModelAdmin

if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(DOJModelAdmin, TokenAdmin):
    editable = True

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A token is issued or revoked, never edited.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return True
