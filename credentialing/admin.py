from django.contrib import admin

from accounts.admin_site import DOJModelAdmin

from .models import (
    BodyCertificationEvent,
    CredentialApplication,
    CredentialingBody,
    EvidenceDocument,
    Finding,
    Standard,
    TransitionLog,
)


@admin.register(Standard)
class StandardAdmin(DOJModelAdmin):
    list_display = ("title", "code", "kind", "position")
    list_filter = ("kind",)


class CertificationEventInline(admin.TabularInline):
    model = BodyCertificationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "from_status", "to_status", "note")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CredentialingBody)
class CredentialingBodyAdmin(DOJModelAdmin):
    # Certification changes go through the services (with their log and fan-out).
    list_display = (
        "name",
        "abbreviation",
        "coverage_display",
        "is_primary",
        "certification_status",
        "certified_on",
    )
    list_filter = ("certification_status", "is_primary")
    search_fields = ("name", "abbreviation")
    readonly_fields = ("certification_status", "certified_on", "certification_changed_at")
    filter_horizontal = ("discretionary_standards",)
    inlines = [CertificationEventInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = TransitionLog
    fields = readonly_fields = ("at", "actor", "action", "from_status", "to_status", "note")


class DocumentInline(ReadOnlyInline):
    model = EvidenceDocument
    fields = readonly_fields = (
        "kind",
        "original_name",
        "content_type",
        "size_bytes",
        "sha256",
        "uploaded_at",
    )


class FindingInline(ReadOnlyInline):
    model = Finding
    fields = readonly_fields = ("standard", "outcome", "note", "recorded_by", "recorded_at")


@admin.register(CredentialApplication)
class CredentialApplicationAdmin(DOJModelAdmin):
    list_display = ("id", "agency", "body", "status", "submitted_at", "status_changed_at", "expires_on")
    list_filter = ("status", "body", "agency__state")
    list_select_related = ("agency", "body")
    search_fields = ("agency__name", "agency__ori")
    date_hierarchy = "status_changed_at"
    inlines = [DocumentInline, FindingInline, TransitionInline]


@admin.register(TransitionLog)
class TransitionLogAdmin(DOJModelAdmin):
    list_display = ("at", "application", "actor", "action", "from_status", "to_status")
    list_filter = ("action", "to_status")
    list_select_related = ("application__agency", "application__body", "actor")
    search_fields = ("application__agency__ori", "note")


@admin.register(BodyCertificationEvent)
class BodyCertificationEventAdmin(DOJModelAdmin):
    list_display = ("at", "body", "actor", "from_status", "to_status")
    list_select_related = ("body", "actor")
