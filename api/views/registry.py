"""The register of credentialing bodies and the standards catalogue: create and change (DOJ
credentialing administrators). The read-only lists and the certification actions are in ``bodies.py``."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from credentialing import services

from ..permissions import WritesByDOJAdministrators
from ..registry_serializers import (
    BodyEntrySerializer,
    BodyInputSerializer,
    BodyUpdateSerializer,
    CatalogueStandardSerializer,
    ReasonOptionalSerializer,
    StandardInputSerializer,
    StandardWordingSerializer,
)
from .base import actor
from .bodies import BodyViewSet, StandardViewSet


class BodyRegistryViewSet(BodyViewSet):
    permission_classes = [WritesByDOJAdministrators]

    def _entry(self, body, code: int = status.HTTP_200_OK) -> Response:
        body = self.get_queryset().prefetch_related("discretionary_standards").get(pk=body.pk)
        return Response(BodyEntrySerializer(body, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request=BodyInputSerializer,
        responses={201: BodyEntrySerializer},
        summary="Add a credentialing body, pending AG certification (DOJ credentialing administrators)",
    )
    def create(self, request: Request) -> Response:
        data = BodyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = services.create_body(actor=actor(request), **data.validated_data)
        return self._entry(body, status.HTTP_201_CREATED)

    @extend_schema(
        request=BodyUpdateSerializer,
        responses=BodyEntrySerializer,
        summary="Change a body's registry entry (DOJ credentialing administrators)",
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        body = self.get_object()
        data = BodyUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        body = services.update_body(actor=actor(request), body=body, **data.validated_data)
        return self._entry(body)


class StandardCatalogueViewSet(StandardViewSet):
    serializer_class = CatalogueStandardSerializer
    permission_classes = [WritesByDOJAdministrators]

    @extend_schema(
        request=StandardInputSerializer,
        responses={201: CatalogueStandardSerializer},
        summary="Add a discretionary principle (DOJ credentialing administrators)",
    )
    def create(self, request: Request) -> Response:
        data = StandardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        standard = services.add_standard(actor=actor(request), **data.validated_data)
        return Response(CatalogueStandardSerializer(standard).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StandardWordingSerializer,
        responses=CatalogueStandardSerializer,
        summary="Reword a principle; its code and kind do not change (DOJ credentialing administrators)",
    )
    def partial_update(self, request: Request, code=None) -> Response:
        standard = self.get_object()
        data = StandardWordingSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        wording = {"title": standard.title, "description": standard.description, **data.validated_data}
        standard = services.update_standard(actor=actor(request), standard=standard, **wording)
        return Response(CatalogueStandardSerializer(standard).data)

    @extend_schema(
        request=ReasonOptionalSerializer,
        responses=CatalogueStandardSerializer,
        summary="Retire a discretionary principle; the Sec. 2(c) minimums cannot be retired",
    )
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, code=None) -> Response:
        return self._change(request, services.retire_standard)

    @extend_schema(
        request=ReasonOptionalSerializer,
        responses=CatalogueStandardSerializer,
        summary="Restore a retired principle",
    )
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, code=None) -> Response:
        return self._change(request, services.restore_standard)

    def _change(self, request: Request, service) -> Response:
        standard = self.get_object()
        data = ReasonOptionalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        standard = service(actor=actor(request), standard=standard, reason=data.validated_data["reason"])
        return Response(CatalogueStandardSerializer(standard).data)
