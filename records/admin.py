from django.contrib import admin

from accounts.admin_site import DOJModelAdmin

from .models import HiringCheck, QuarterlyReport, RecordRevision, ReportVersion, UseOfForceRecord


@admin.register(UseOfForceRecord)
class UseOfForceRecordAdmin(DOJModelAdmin):
    list_display = ("id", "agency", "kind", "action_date", "process_status", "revision")
    list_select_related = ("agency",)
    list_filter = ("kind", "process_status")


@admin.register(RecordRevision)
class RecordRevisionAdmin(DOJModelAdmin):
    list_display = ("record", "number", "process_status", "revised_by", "revised_at")
    list_select_related = ("record", "revised_by")


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(DOJModelAdmin):
    list_display = ("agency", "quarter", "kind", "record_count", "version", "signed_by_name")
    list_select_related = ("agency",)


@admin.register(ReportVersion)
class ReportVersionAdmin(DOJModelAdmin):
    list_display = ("report", "number", "kind", "signed_by_name", "submitted_at")
    list_select_related = ("report",)


@admin.register(HiringCheck)
class HiringCheckAdmin(DOJModelAdmin):
    list_display = ("checked_at", "checked_by", "agency", "candidate_name", "purpose", "exact_matches")
    list_select_related = ("checked_by", "agency")
    search_fields = ("candidate_name", "purpose")
