"""API tokens on the DOJ admin site: who holds one, by prefix, and until when. Read only: tokens are
issued and revoked by their owner (``/api/v1/tokens/``) or with ``manage.py issue_token``, on the record."""

from django.contrib import admin
from knox.models import AuthToken

from accounts.admin_site import DOJModelAdmin

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class ApiTokenAdmin(DOJModelAdmin):
    list_display = ("token_key", "user", "created", "expiry")
    # No link to a detail page: its address would carry the stored digest.
    list_display_links = None
    list_select_related = ("user",)
    search_fields = ("token_key", "user__username")
    fields = ("token_key", "user", "created", "expiry")
    readonly_fields = fields
    ordering = ("-created",)
