from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .admin_site import DOJModelAdmin
from .models import User


@admin.register(User)
class UserAdmin(DOJModelAdmin, BaseUserAdmin):
    editable = True
    list_display = ("username", "email", "role", "agency", "credentialing_body", "is_active", "last_login")
    list_filter = ("role", "is_active")
    list_select_related = ("agency", "credentialing_body")
    search_fields = ("username", "email", "first_name", "last_name")
    autocomplete_fields = ("agency", "credentialing_body")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Role", {"fields": ("role", "agency", "credentialing_body")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Role", {"fields": ("role", "agency", "credentialing_body")}),
    )
