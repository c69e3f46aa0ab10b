from django.contrib import admin

from accounts.admin_site import DOJModelAdmin

from .models import (
    AgencyEligibility,
    BodyRecomputeRequest,
    EligibilityChange,
    GrantApplicant,
    GrantProgram,
    RecomputeRequest,
)


@admin.register(GrantProgram)
class GrantProgramAdmin(DOJModelAdmin):
    list_display = ("name", "fiscal_year", "kind", "application_deadline")
    list_filter = ("kind", "fiscal_year")
    search_fields = ("name",)


@admin.register(GrantApplicant)
class GrantApplicantAdmin(DOJModelAdmin):
    list_display = ("program", "agency", "amount_requested")
    list_select_related = ("program", "agency")
    list_filter = ("program",)
    search_fields = ("agency__name", "agency__ori")


@admin.register(AgencyEligibility)
class AgencyEligibilityAdmin(DOJModelAdmin):
    list_display = ("agency", "eligible", "basis", "reason", "changed_at")
    list_filter = ("eligible", "basis")
    list_select_related = ("agency",)
    search_fields = ("agency__name", "agency__ori")


@admin.register(EligibilityChange)
class EligibilityChangeAdmin(DOJModelAdmin):
    list_display = ("changed_at", "agency", "eligible", "basis", "reason")
    list_filter = ("eligible", "basis")
    list_select_related = ("agency",)
    search_fields = ("agency__name", "agency__ori")


@admin.register(RecomputeRequest)
class RecomputeRequestAdmin(DOJModelAdmin):
    list_display = ("agency", "requested_at")
    list_select_related = ("agency",)


@admin.register(BodyRecomputeRequest)
class BodyRecomputeRequestAdmin(DOJModelAdmin):
    list_display = ("body", "requested_at")
    list_select_related = ("body",)
