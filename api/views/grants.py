from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from agencies.models import Agency
from common.exports import export_response
from common.replica import replica_view
from grants import selectors, services
from grants.exports import (
    ELIGIBILITY_COLUMNS,
    applicant_columns,
    applicant_export_rows,
    applicants_filename,
)
from grants.filters import applicant_counts
from grants.models import EligibilityChange, GrantApplicant, GrantProgram
from grants.priority import answers_for

from ..filters import ApplicantFilter, EligibilityFilter, ProgramFilter
from ..pagination import KnownCountPagination
from ..permissions import CanSeeEligibility, IsDOJ
from ..serializers import (
    ApplicantInputSerializer,
    ApplicantSerializer,
    EligibilityChangeSerializer,
    EligibilitySerializer,
    ProgramCreateSerializer,
    ProgramSerializer,
    applicant_representations,
)
from .base import ApiView, actor

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Eligibility as it stood at the end of this day (from the history).",
)


@extend_schema_view(
    list=extend_schema(summary="Grant programs (DOJ staff)"),
    retrieve=extend_schema(summary="One grant program (DOJ staff)"),
)
class ProgramViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    queryset = GrantProgram.objects.all()
    serializer_class = ProgramSerializer
    permission_classes = [IsDOJ]
    filterset_class = ProgramFilter

    @extend_schema(
        request=ProgramCreateSerializer,
        responses={201: ProgramSerializer},
        summary="Create a grant program (grant officers)",
    )
    def create(self, request: Request) -> Response:
        data = ProgramCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = services.create_program(actor=actor(request), **data.validated_data)
        return Response(ProgramSerializer(program).data, status=status.HTTP_201_CREATED)


class _ApplicantsOfProgram(ApiView, viewsets.GenericViewSet):
    permission_classes = [IsDOJ]
    filterset_class = ApplicantFilter

    def program(self) -> GrantProgram:
        if not hasattr(self, "_program"):
            self._program = get_object_or_404(
                selectors.programs_with_generation(), pk=self.kwargs["program_pk"]
            )
        return self._program

    def get_queryset(self) -> QuerySet[GrantApplicant]:
        if getattr(self, "swagger_fake_view", False):
            return GrantApplicant.objects.none()
        # The FilterSet annotates the rows (now or ``as_of``) and sorts them.
        return GrantApplicant.objects.filter(program=self.program())

    def filterset_extra_kwargs(self) -> dict:
        if getattr(self, "swagger_fake_view", False):
            return {"program": GrantProgram(application_deadline="2021-01-31")}
        return {"program": self.program()}


@extend_schema_view(
    list=extend_schema(
        summary="A program's applicants with why each is or is not eligible (DOJ staff)",
        description="For a formula program `eligibility` is `not required` whatever the flag.",
    )
)
class ApplicantViewSet(mixins.ListModelMixin, _ApplicantsOfProgram):
    serializer_class = ApplicantSerializer
    pagination_class = KnownCountPagination
    filterset: ApplicantFilter  # set by ``DomainFilterBackend``

    @replica_view
    def list(self, request: Request, *args, **kwargs) -> Response:
        # Plain values in, ``ApplicantSerializer``'s representation out (``applicant_representations``).
        rows = selectors.applicant_values(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        assert page is not None  # the list is always paged
        program = self.program()
        sec4 = None
        if program.sec4_priority:  # one query for the page, whatever its length
            sec4 = answers_for([row["agency_id"] for row in page], as_of=self.filterset.moment())
        return self.get_paginated_response(applicant_representations(page, program=program, sec4=sec4))

    def total_count(self) -> int:
        return applicant_counts(self.filterset)["shown"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["program"] = self.program()
        return context

    @extend_schema(
        request=ApplicantInputSerializer,
        responses={201: ApplicantSerializer},
        summary="Add an agency as an applicant of the program (grant officers)",
    )
    def create(self, request: Request, program_pk=None) -> Response:
        program = self.program()
        data = ApplicantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        applicant = services.add_applicant(
            actor=actor(request),
            program=program,
            agency=data.validated_data["agency"],
            amount_requested=data.validated_data["amount_requested"],
        )
        row = selectors.applicants_of(program).get(pk=applicant.pk)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


class CSVRenderer(BaseRenderer):
    """Only for refusals on the export endpoints when the caller asked for a file; rows are streamed."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "detail" in data:
            return f"error\n{data['detail']}\n".encode()
        return b""


class XLSXRenderer(CSVRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


def _file_schema(summary: str, media_type: str, rows: str):
    """The schema of a list's download: the same filters as the list, a file in answer."""
    file = OpenApiResponse(OpenApiTypes.BINARY, description=f"One row per {rows}.")
    return extend_schema_view(list=extend_schema(summary=summary, responses={(200, media_type): file}))


def _export_schema(fmt: str, media_type: str):
    summary = f"The same applicant rows as {fmt.upper()}, with the same filters (DOJ staff)"
    return _file_schema(summary, media_type, "applicant")


class _ApplicantExport(_ApplicantsOfProgram):
    filterset: ApplicantFilter  # set by ``DomainFilterBackend``
    pagination_class = None
    serializer_class = ApplicantSerializer
    export_format = "csv"

    @replica_view
    def list(self, request: Request, program_pk=None) -> HttpResponseBase:
        program = self.program()
        rows = self.filter_queryset(self.get_queryset())
        return export_response(
            fmt=self.export_format,
            filename=applicants_filename(program),
            columns=applicant_columns(program),
            rows=applicant_export_rows(rows, program=program, as_of=self.filterset.moment()),
        )


@_export_schema("csv", "text/csv")
class ApplicantCsvViewSet(_ApplicantExport):
    renderer_classes = [JSONRenderer, CSVRenderer]


@_export_schema("xlsx", XLSXRenderer.media_type)
class ApplicantXlsxViewSet(_ApplicantExport):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    export_format = "xlsx"


@extend_schema_view(
    list=extend_schema(summary="Agencies' grant-eligibility flags (DOJ staff; an agency's staff: their own)"),
    retrieve=extend_schema(summary="One agency's eligibility, now or as of a date", parameters=[AS_OF]),
)
class EligibilityViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    serializer_class = EligibilitySerializer
    permission_classes = [CanSeeEligibility]
    filterset_class = EligibilityFilter
    lookup_url_kwarg = "agency_pk"

    @replica_view
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agency]:
        if getattr(self, "swagger_fake_view", False):
            return Agency.objects.none()
        # The FilterSet annotates the flags (now or ``as_of``) and sorts the rows.
        return selectors.eligibility_visible_to(actor(self.request))

    def get_object(self) -> Agency:
        return get_object_or_404(self.filter_queryset(self.get_queryset()), pk=self.kwargs["agency_pk"])

    @extend_schema(
        responses=EligibilityChangeSerializer(many=True),
        summary="Every change of the agency's flag, newest first",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request: Request, agency_pk=None) -> Response:
        agency = self.get_object()
        changes: QuerySet[EligibilityChange] = selectors.eligibility_history(agency)
        return Response(EligibilityChangeSerializer(changes, many=True).data)


class _EligibilityExport(ApiView, viewsets.GenericViewSet):
    """Every flag the caller may read, with the same filters as the list, as a file."""

    permission_classes = [CanSeeEligibility]
    filterset_class = EligibilityFilter
    pagination_class = None
    serializer_class = EligibilitySerializer
    export_format = "csv"

    def get_queryset(self) -> QuerySet[Agency]:
        if getattr(self, "swagger_fake_view", False):
            return Agency.objects.none()
        return selectors.eligibility_visible_to(actor(self.request))

    @replica_view
    def list(self, request: Request) -> HttpResponseBase:
        rows = self.filter_queryset(self.get_queryset())
        day = request.query_params.get("as_of")
        return export_response(
            fmt=self.export_format,
            filename=f"eligibility-{day}" if day else "eligibility-now",
            columns=ELIGIBILITY_COLUMNS,
            rows=rows.iterator(chunk_size=2000),
        )


_ELIGIBILITY_FILE = "The same agencies as the eligibility list, with the same filters, as {}"


@extend_schema_view(
    list=extend_schema(
        summary=_ELIGIBILITY_FILE.format("CSV"),
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="One row per agency.")
        },
    )
)
class EligibilityCsvViewSet(_EligibilityExport):
    renderer_classes = [JSONRenderer, CSVRenderer]


@extend_schema_view(
    list=extend_schema(
        summary=_ELIGIBILITY_FILE.format("XLSX"),
        responses={
            (200, XLSXRenderer.media_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="One row per agency."
            )
        },
    )
)
class EligibilityXlsxViewSet(_EligibilityExport):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    export_format = "xlsx"
