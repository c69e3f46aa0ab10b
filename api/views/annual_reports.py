"""Annual reports in the API: each body's standing per year, the certifier's submit, the downloads.

The rows, filters and file columns are the web pages' own (``reporting.filters.AnnualReportFilter``,
``reporting.exports``); who sees what is ``reporting.selectors.report_bodies_visible_to``.
"""

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.rules import is_certifier, is_doj_administrator
from common.exports import export_response
from credentialing.dates import today
from credentialing.models import CredentialingBody
from reporting.exports import ANNUAL_REPORT_COLUMNS, STANDING_COLUMNS
from reporting.filters import AnnualReportFilter
from reporting.models import AnnualReport
from reporting.schedule import (
    FIRST_REPORT_YEAR,
    Standing,
    next_step,
    report_period,
    report_standings_of,
    why_not_owed,
)
from reporting.selectors import annual_report_entries, report_bodies_visible_to, reports_visible_to
from reporting.services import submit_annual_report

from ..strict import StrictSerializer
from .base import ApiView, actor
from .grants import CSVRenderer, XLSXRenderer


class FollowsAnnualReports(BasePermission):
    """A body's certifiers (their body's reports, and they submit them) and DOJ administrators (all)."""

    message = "Annual reports are shown to the body's certifiers and to DOJ credentialing administrators."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method == "POST":
            if not is_certifier(user):
                self.message = "Only a certifier of the credentialing body can submit its annual report."
                return False
            return True
        return is_certifier(user) or is_doj_administrator(user)


class AnnualReportStandingSerializer(StrictSerializer):
    body = serializers.IntegerField(source="pk", help_text="The credentialing body's id.")
    body_name = serializers.CharField(source="name")
    year = serializers.IntegerField(source="report_year", help_text="The report is due January 31 of it.")
    due = serializers.SerializerMethodField()
    standing = serializers.ChoiceField(choices=Standing.CHOICES)
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = serializers.CharField(source="submitted_by_name", help_text="Empty until submitted.")
    next_step = serializers.SerializerMethodField()

    def get_due(self, row) -> str:
        return report_period(row.report_year)[1].isoformat()

    def get_next_step(self, row) -> str:
        request = self.context.get("request")
        for_certifier = bool(request and is_certifier(request.user))
        return next_step(row.standing, row.report_year, for_certifier=for_certifier)


class AnnualReportEntrySerializer(StrictSerializer):
    event = serializers.ChoiceField(choices=["certified", "revoked", "expired"])
    on = serializers.DateField()
    ori = serializers.CharField()
    agency = serializers.CharField()
    agency_type = serializers.CharField()
    state = serializers.CharField()
    application = serializers.CharField()
    determination_date = serializers.DateField(allow_null=True)
    valid_through = serializers.DateField(allow_null=True)


class AnnualReportSerializer(AnnualReportStandingSerializer):
    """One body's report for one year: what DOJ received, or for its certifier what it would list today."""

    as_of = serializers.DateField(allow_null=True, help_text="The last day a submitted report covers.")
    note = serializers.CharField(allow_blank=True)
    is_preview = serializers.BooleanField(help_text="True: not yet submitted, as the report stands today.")
    entries = AnnualReportEntrySerializer(many=True, allow_null=True)


class AnnualReportSubmitSerializer(StrictSerializer):
    year = serializers.IntegerField(
        min_value=FIRST_REPORT_YEAR, max_value=2100, help_text="The report due January 31 of this year."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


def _standing(user, body_pk: int, year: int):
    """The caller's body-and-year row, or 404 (out of scope, or a year the body owes no report for)."""
    body = get_object_or_404(report_bodies_visible_to(user), pk=body_pk)
    if not FIRST_REPORT_YEAR <= year <= 2100:
        raise NotFound(f"Annual reports run from {FIRST_REPORT_YEAR}: there is none for {year}.")
    rows = report_standings_of(report_bodies_visible_to(user).filter(pk=body.pk), years=[year])
    row = next(iter(rows), None)
    if row is None:
        raise NotFound(why_not_owed(body, year))
    return body, row


def _detail(user, body: CredentialingBody, row) -> dict:
    report = AnnualReport.objects.filter(body=body, year=row.report_year).first()
    own_body = is_certifier(user) and user.credentialing_body_id == body.pk
    entries = None
    if report is not None:
        entries = report.entries
    elif own_body:
        entries = annual_report_entries(body, row.report_year, as_of=today())
    row.as_of = report.as_of if report else None
    row.note = report.note if report else ""
    row.is_preview = report is None
    row.entries = entries
    return row


class _AnnualReportRows(ApiView, viewsets.GenericViewSet):
    """The rows of the list and of its files: the caller's bodies, through the web pages' FilterSet."""

    serializer_class = AnnualReportStandingSerializer
    permission_classes = [FollowsAnnualReports]
    filterset_class = AnnualReportFilter

    def get_queryset(self) -> QuerySet[CredentialingBody]:
        if getattr(self, "swagger_fake_view", False):
            return CredentialingBody.objects.none()
        return report_bodies_visible_to(actor(self.request))


@extend_schema_view(
    list=extend_schema(
        summary="Each body's annual report per year: submitted, submitted late, late or not yet due "
        "(a certifier: their body's; DOJ administrators: every body's)"
    ),
)
class AnnualReportViewSet(_AnnualReportRows):
    def list(self, request: Request) -> Response:
        rows = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=AnnualReportSubmitSerializer,
        responses={201: AnnualReportSerializer},
        summary="Submit the certifier's body's report for a year to DOJ, as it stands today (400 before "
        "January 1 of that year or for a year before the body's certification; 409 once submitted)",
    )
    def create(self, request: Request) -> Response:
        data = AnnualReportSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = actor(request)
        body = user.credentialing_body
        if body is None:
            raise PermissionDenied("Only a certifier of a credentialing body can submit its annual report.")
        year = data.validated_data["year"]
        submit_annual_report(body=body, year=year, actor=user, note=data.validated_data["note"])
        body, row = _standing(user, body.pk, year)
        serializer = AnnualReportSerializer(_detail(user, body, row), context={"request": request})
        return Response(serializer.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(
        summary="One body's report for one year: as submitted, or (for its certifier) as it stands today",
        responses={200: AnnualReportSerializer},
    ),
)
class AnnualReportDetailViewSet(ApiView, viewsets.GenericViewSet):
    serializer_class = AnnualReportSerializer
    permission_classes = [FollowsAnnualReports]
    pagination_class = None
    filter_backends: list = []

    def retrieve(self, request: Request, body_pk: int, year: int) -> Response:
        user = actor(request)
        body, row = _standing(user, body_pk, year)
        return Response(AnnualReportSerializer(_detail(user, body, row), context={"request": request}).data)


def _file_schema(summary: str, media_type: str, rows: str):
    file = OpenApiResponse(OpenApiTypes.BINARY, description=f"One row per {rows}.")
    return extend_schema_view(list=extend_schema(summary=summary, responses={(200, media_type): file}))


class _StandingsExport(_AnnualReportRows):
    pagination_class = None
    export_format = "csv"

    def list(self, request: Request) -> HttpResponseBase:
        return export_response(
            fmt=self.export_format,
            filename=f"annual-reports-{today().isoformat()}",
            columns=STANDING_COLUMNS,
            rows=self.filter_queryset(self.get_queryset()),
        )


_LIST_FILE = "The same annual-report rows as the list, with the same filters, as {}"


@_file_schema(_LIST_FILE.format("CSV"), "text/csv", "body and report year")
class AnnualReportCsvViewSet(_StandingsExport):
    renderer_classes = [JSONRenderer, CSVRenderer]


@_file_schema(_LIST_FILE.format("XLSX"), XLSXRenderer.media_type, "body and report year")
class AnnualReportXlsxViewSet(_StandingsExport):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    export_format = "xlsx"


class _ReportFile(ApiView, viewsets.GenericViewSet):
    permission_classes = [FollowsAnnualReports]
    pagination_class = None
    filter_backends: list = []
    export_format = "csv"

    def list(self, request: Request, body_pk: int, year: int) -> HttpResponseBase:
        report = reports_visible_to(actor(request)).filter(body_id=body_pk, year=year).first()
        if report is None:
            raise NotFound("No such submitted report.")
        return export_response(
            fmt=self.export_format,
            filename=f"annual-report-{body_pk}-{year}",
            columns=ANNUAL_REPORT_COLUMNS,
            rows=report.entries,
        )


_REPORT_FILE = "A submitted report's entries as its body sent them, as {} (the web page's download)"


@_file_schema(_REPORT_FILE.format("CSV"), "text/csv", "agency certified, revoked or expired")
class AnnualReportEntriesCsvViewSet(_ReportFile):
    renderer_classes = [JSONRenderer, CSVRenderer]


@_file_schema(_REPORT_FILE.format("XLSX"), XLSXRenderer.media_type, "agency certified, revoked or expired")
class AnnualReportEntriesXlsxViewSet(_ReportFile):
    renderer_classes = [JSONRenderer, XLSXRenderer]
    export_format = "xlsx"
