"""The reporting loop in the API: a body's bulk lists (certifiers) and the national repository (DOJ)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django_filters import utils
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.rules import is_certifier
from common.days import reading_day
from common.exports import export_response
from credentialing.dates import today
from reporting.exports import REPOSITORY_COLUMNS
from reporting.filters import BulkListRowFilter
from reporting.models import BulkList, BulkListRow, RowVerdict
from reporting.refusals import RowRefusal
from reporting.selectors import lists_visible_to, national_repository, refused_by_kind, rows_of
from reporting.services import commit_list, upload_list

from ..permissions import IsDOJ
from ..strict import StrictModelSerializer, StrictSerializer
from .base import ApiView, actor
from .grants import CSVRenderer, XLSXRenderer


class IsCertifier(BasePermission):
    message = "Only a credentialing body's certifiers upload and commit its lists."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and is_certifier(request.user))


class BulkListRowSerializer(StrictModelSerializer):
    agency = serializers.CharField(source="agency.name", default=None, read_only=True)
    verdict = serializers.CharField(read_only=True)
    kind = serializers.CharField(
        source="refusal_kind", read_only=True, help_text="The kind of reason a refused row is refused for."
    )

    class Meta:
        model = BulkListRow
        fields = [
            "line",
            "ori",
            "agency",
            "determination_date",
            "written_date",
            "reference",
            "verdict",
            "kind",
            "reason",
            "application",
        ]


REFUSAL_COUNT = inline_serializer(
    name="RefusalCount",
    fields={
        "kind": serializers.CharField(),
        "label": serializers.CharField(),
        "count": serializers.IntegerField(),
    },
    many=True,
)


class BulkListSerializer(StrictModelSerializer):
    refused_by_kind = serializers.SerializerMethodField(
        help_text="The refused rows counted by kind of reason (kinds with none left out)."
    )
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    committed_by = serializers.CharField(
        source="committed_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = BulkList
        fields = [
            "id",
            "name",
            "original_name",
            "size_bytes",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "row_count",
            "ready_count",
            "refused_count",
            "refused_by_kind",
            "committed_by",
            "committed_at",
            "committed_count",
        ]

    @extend_schema_field(REFUSAL_COUNT)
    def get_refused_by_kind(self, bulk_list: BulkList) -> list[dict]:
        return [{"kind": r.kind, "label": r.label, "count": r.count} for r in refused_by_kind(bulk_list)]


class BulkListUploadSerializer(StrictSerializer):
    file = serializers.FileField(help_text="CSV or XLSX: ORI, determination date, optional reference.")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)


class BulkListCommitSerializer(StrictSerializer):
    accept_refusals = serializers.BooleanField(
        default=False, help_text="Required when some rows are refused: commit the ready rows only."
    )


@extend_schema_view(
    list=extend_schema(summary="The lists of the certifier's body, newest first (certifiers)"),
    retrieve=extend_schema(summary="One list with its counts (certifiers of its body)"),
)
class BulkListViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BulkListSerializer
    permission_classes = [IsCertifier]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[BulkList]:
        if getattr(self, "swagger_fake_view", False):
            return BulkList.objects.none()
        return lists_visible_to(actor(self.request))

    @extend_schema(
        request={"multipart/form-data": BulkListUploadSerializer},
        responses={201: BulkListSerializer, 200: BulkListSerializer},
        summary="Upload a list and get its preview (201; 200 when the same file was uploaded before)",
    )
    def create(self, request: Request) -> Response:
        data = BulkListUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = actor(request)
        upload = data.validated_data["file"]
        result = upload_list(
            body=user.credentialing_body,  # type: ignore[arg-type]
            actor=user,
            file=upload,
            filename=upload.name,
            name=data.validated_data.get("name", ""),
        )
        return Response(
            BulkListSerializer(result.bulk_list).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    @extend_schema(
        responses=BulkListRowSerializer(many=True),
        parameters=[
            OpenApiParameter("verdict", OpenApiTypes.STR, enum=RowVerdict.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=RowRefusal.values),
        ],
        summary="Every row of the list, ready or refused with the reason, by its number in the file",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def rows(self, request: Request, pk=None) -> Response:
        filters = BulkListRowFilter(request.query_params, queryset=rows_of(self.get_object()))
        if not filters.is_valid():
            raise utils.translate_validation(filters.errors)
        page = self.paginate_queryset(filters.rows)
        return self.get_paginated_response(BulkListRowSerializer(page, many=True).data)

    @extend_schema(
        request=BulkListCommitSerializer,
        responses={200: BulkListSerializer},
        summary="Approve every ready row (409 once committed; 400 with refused rows unless accepted)",
    )
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk=None) -> Response:
        bulk_list = self.get_object()
        data = BulkListCommitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        committed = commit_list(
            bulk_list=bulk_list, actor=actor(request), accept_refusals=data.validated_data["accept_refusals"]
        )
        return Response(BulkListSerializer(committed).data)


ON = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="Agencies eligible at the end of this day (default: today)."
)


class _RepositoryExport(ApiView, viewsets.GenericViewSet):
    permission_classes = [IsDOJ]
    pagination_class = None
    filter_backends: list = []
    export_format = "csv"

    def list(self, request: Request) -> HttpResponseBase:
        try:
            day = reading_day(request.query_params.get("on")) or today()
        except DjangoValidationError as error:
            raise ValidationError({"on": error.messages}) from None
        return export_response(
            fmt=self.export_format,
            filename=f"national-repository-{day.isoformat()}",
            columns=REPOSITORY_COLUMNS,
            rows=national_repository(on=day).iterator(chunk_size=2000),
        )


# The JSON download's members are the export's own column keys, so the schema cannot drift from the file.
REPOSITORY_ENTRY = inline_serializer(
    name="RepositoryEntry",
    fields={c.key: serializers.CharField(allow_null=True, help_text=c.header) for c in REPOSITORY_COLUMNS},
    many=True,
)


def _repository_schema(fmt: str, media_type: str):
    body = REPOSITORY_ENTRY if fmt == "JSON" else OpenApiTypes.BINARY
    file = OpenApiResponse(body, description="One row per eligible agency.")
    return extend_schema_view(
        list=extend_schema(
            summary=f"The national repository of eligible agencies as {fmt} (DOJ staff)",
            parameters=[ON],
            responses={(200, media_type): file},
        )
    )


@_repository_schema("CSV", "text/csv")
class RepositoryCsvViewSet(_RepositoryExport):
    renderer_classes = [JSONRenderer, CSVRenderer]


@_repository_schema("XLSX", XLSXRenderer.media_type)
class RepositoryXlsxViewSet(_RepositoryExport):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    export_format = "xlsx"


@_repository_schema("JSON", "application/json")
class RepositoryJsonViewSet(_RepositoryExport):
    renderer_classes = [JSONRenderer]
    export_format = "json"
