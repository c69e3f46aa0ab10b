from django.contrib import admin

from accounts.admin_site import DOJModelAdmin

from .models import ProgramVersion, SupportProgram, YearlyFigures, YearlyFiguresVersion


@admin.register(SupportProgram)
class SupportProgramAdmin(DOJModelAdmin):
    list_display = ("id", "agency", "model", "started_on", "ended_on", "officers_trained_share", "version")
    list_select_related = ("agency",)
    list_filter = ("model",)


@admin.register(ProgramVersion)
class ProgramVersionAdmin(DOJModelAdmin):
    list_display = ("program", "number", "model", "started_on", "ended_on", "recorded_by", "recorded_at")
    list_select_related = ("program", "recorded_by")


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(DOJModelAdmin):
    list_display = ("program", "year", "calls_answered_jointly", "referrals_made", "version")
    list_select_related = ("program",)


@admin.register(YearlyFiguresVersion)
class YearlyFiguresVersionAdmin(DOJModelAdmin):
    list_display = ("figures", "number", "calls_answered_jointly", "referrals_made", "filed_at")
    list_select_related = ("figures",)
