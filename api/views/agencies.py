from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from agencies import services
from agencies.models import Agency
from credentialing.selectors import agencies_visible_to

from ..filters import AgencyFilter
from ..serializers import AgencySerializer, AgencyWriteSerializer
from .base import ApiView, actor


@extend_schema_view(
    list=extend_schema(summary="Agencies the caller may see"),
    retrieve=extend_schema(summary="One agency"),
)
class AgencyViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """DOJ staff see every agency; an agency's staff their own; a certifier the agencies that applied to
    its body. DOJ credentialing administrators create and correct agencies."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Agency]:
        if getattr(self, "swagger_fake_view", False):
            return Agency.objects.none()
        return agencies_visible_to(actor(self.request))

    @extend_schema(
        request=AgencyWriteSerializer,
        responses={201: AgencySerializer},
        summary="Register an agency (DOJ credentialing administrators)",
    )
    def create(self, request: Request) -> Response:
        data = AgencyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agency = services.create_agency(actor=actor(request), **data.validated_data)
        return Response(AgencySerializer(agency).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AgencyWriteSerializer(partial=True),
        responses=AgencySerializer,
        summary="Correct an agency (DOJ credentialing administrators)",
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        agency = self.get_object()
        data = AgencyWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        agency = services.update_agency(
            actor=actor(request),
            agency=agency,
            **data.validated_data,
        )
        return Response(AgencySerializer(agency).data)
