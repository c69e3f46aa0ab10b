from django.contrib import admin

from accounts.admin_site import DOJModelAdmin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(DOJModelAdmin):
    list_display = ("name", "ori", "ein_display", "agency_type", "state", "city", "sworn_officers")
    list_filter = ("agency_type", "state")
    search_fields = ("name", "ori", "ein", "city", "county")
    ordering = ("name",)
