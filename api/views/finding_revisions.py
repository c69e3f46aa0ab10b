"""Every revision of an application's findings, oldest first: findings are revised, never overwritten."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from credentialing.models import FindingRevision

from ..registry_serializers import FindingRevisionSerializer
from .applications import _NestedUnderApplication


@extend_schema_view(
    list=extend_schema(summary="Every revision of the application's findings, per standard, oldest first")
)
class FindingRevisionViewSet(mixins.ListModelMixin, _NestedUnderApplication):
    serializer_class = FindingRevisionSerializer

    def get_queryset(self) -> QuerySet[FindingRevision]:
        if getattr(self, "swagger_fake_view", False):
            return FindingRevision.objects.none()
        return (
            FindingRevision.objects.filter(finding__application=self.application())
            .select_related("finding__standard", "recorded_by")
            .order_by("finding__standard__position", "finding__standard__code", "number")
        )
