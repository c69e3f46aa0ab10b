import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role
from agencies.models import Agency
from grants import selectors, services
from grants.models import EligibilityChange, GrantApplicant, GrantProgram

from ..filters import ApplicantFilter, EligibilityFilter, ProgramFilter
from ..permissions import CanSeeEligibility, IsDOJ
from ..serializers import (
    ApplicantInputSerializer,
    ApplicantSerializer,
    EligibilityChangeSerializer,
    EligibilitySerializer,
    ProgramCreateSerializer,
    ProgramSerializer,
)
from .base import ApiView, actor, parse_as_of

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Eligibility as it stood at the end of this day (from the history).",
)
APPLICANT_ORDERING = ["agency__name", "agency__ori", "agency__state", "amount_requested", "is_eligible"]


@extend_schema_view(
    list=extend_schema(summary="Grant programs (DOJ staff)"),
    retrieve=extend_schema(summary="One grant program (DOJ staff)"),
)
class ProgramViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    queryset = GrantProgram.objects.all()
    serializer_class = ProgramSerializer
    permission_classes = [IsDOJ]
    filterset_class = ProgramFilter
    ordering_fields = ["fiscal_year", "name", "application_deadline"]
    ordering = ["-fiscal_year", "name", "id"]

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
    ordering_fields = APPLICANT_ORDERING
    ordering = ["agency__name", "id"]

    def program(self) -> GrantProgram:
        if not hasattr(self, "_program"):
            self._program = get_object_or_404(GrantProgram, pk=self.kwargs["program_pk"])
        return self._program

    def get_queryset(self) -> QuerySet[GrantApplicant]:
        if getattr(self, "swagger_fake_view", False):
            return GrantApplicant.objects.none()
        return selectors.applicants_of(self.program(), as_of=parse_as_of(self.request))


@extend_schema_view(
    list=extend_schema(
        summary="A program's applicants with why each is or is not eligible (DOJ staff)",
        description="For a formula program `eligibility` is `not required` whatever the flag.",
    )
)
class ApplicantViewSet(mixins.ListModelMixin, _ApplicantsOfProgram):
    serializer_class = ApplicantSerializer

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
    """Only for refusals on the CSV endpoint when the caller asked for text/csv; rows are streamed."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "detail" in data:
            return f"error\n{data['detail']}\n".encode()
        return b""


CSV_COLUMNS = [
    "ori",
    "agency",
    "state",
    "agency_type",
    "amount_requested",
    "eligibility",
    "basis",
    "reason",
    "credentialing_body",
    "eligible_at_deadline",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


@extend_schema_view(
    list=extend_schema(
        summary="The same applicant rows as CSV, with the same filters (DOJ staff)",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per applicant.")
        },
    )
)
class ApplicantCsvViewSet(_ApplicantsOfProgram):
    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = None
    serializer_class = ApplicantSerializer

    def list(self, request: Request, program_pk=None) -> StreamingHttpResponse:
        program = self.program()
        rows = self.filter_queryset(self.get_queryset())
        required = program.requires_credentialing
        writer = csv.writer(_Echo())

        def lines() -> Iterator[str]:
            yield writer.writerow(CSV_COLUMNS)
            for row in rows.iterator(chunk_size=2000):
                extra = vars(row)  # the selector's annotations
                eligible = extra["is_eligible"]
                yield writer.writerow(
                    [
                        row.agency.ori,
                        row.agency.name,
                        row.agency.state,
                        row.agency.agency_type,
                        f"{row.amount_requested:.2f}",
                        ("eligible" if eligible else "not eligible") if required else "not required",
                        extra["basis"],
                        extra["reason"],
                        extra["body_name"] or "",
                        "yes" if extra["eligible_at_deadline"] else "no",
                    ]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        name = f"applicants-program-{program.pk}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@extend_schema_view(
    list=extend_schema(summary="Agencies' grant-eligibility flags (DOJ staff; an agency's staff: their own)"),
    retrieve=extend_schema(summary="One agency's eligibility, now or as of a date", parameters=[AS_OF]),
)
class EligibilityViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    serializer_class = EligibilitySerializer
    permission_classes = [CanSeeEligibility]
    filterset_class = EligibilityFilter
    ordering_fields = ["name", "ori", "state", "is_eligible"]
    ordering = ["name", "id"]
    lookup_url_kwarg = "agency_pk"

    def get_queryset(self) -> QuerySet[Agency]:
        if getattr(self, "swagger_fake_view", False):
            return Agency.objects.none()
        rows = selectors.agencies_with_eligibility(as_of=parse_as_of(self.request))
        user = actor(self.request)
        if user.role == Role.AGENCY_STAFF:
            return rows.filter(staff=user)
        return rows

    def get_object(self) -> Agency:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["agency_pk"])

    @extend_schema(
        responses=EligibilityChangeSerializer(many=True),
        summary="Every change of the agency's flag, newest first",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request: Request, agency_pk=None) -> Response:
        agency = self.get_object()
        changes: QuerySet[EligibilityChange] = selectors.eligibility_history(agency)
        return Response(EligibilityChangeSerializer(changes, many=True).data)
