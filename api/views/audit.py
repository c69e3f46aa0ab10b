"""The audit trail, read by DOJ credentialing administrators with the same filters as their page."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from common.audit_log import AuditEntryFilter, audit_entries

from ..permissions import IsDOJAdministrator
from ..registry_serializers import AuditEntrySerializer
from .base import ApiView


@extend_schema_view(
    list=extend_schema(
        summary="Audit trail: who changed what, when, from where, before and after (DOJ administrators)"
    )
)
class AuditEntryViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AuditEntrySerializer
    permission_classes = [IsDOJAdministrator]
    filterset_class = AuditEntryFilter
    ordering_fields = ["at"]
    ordering = ["-at", "-id"]

    def get_queryset(self):
        return audit_entries()
