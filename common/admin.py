"""The audit trail in the admin: read-only, like every other model of the domain."""

from django.contrib import admin

from .admin_base import ReadOnlyModelAdmin
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_label", "address")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_label", "object_id", "action")
    date_hierarchy = "at"
    list_select_related = ("actor",)
