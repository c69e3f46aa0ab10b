from django.contrib import admin

from accounts.admin_site import DOJModelAdmin

from .models import AnnualReport, BulkList


@admin.register(BulkList)
class BulkListAdmin(DOJModelAdmin):
    list_display = (
        "name",
        "body",
        "row_count",
        "ready_count",
        "refused_count",
        "uploaded_at",
        "committed_at",
    )
    list_filter = ("body",)


@admin.register(AnnualReport)
class AnnualReportAdmin(DOJModelAdmin):
    list_display = ("body", "year", "as_of", "submitted_at", "submitted_by")
    list_filter = ("year",)
