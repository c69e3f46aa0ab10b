"""Sec. 3 endpoints: an agency's records, quarterly reports and hiring checks; DOJ administrators read
them all, correct a record's status and read the check log. Other roles are refused."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.rules import is_agency_staff, is_doj_administrator
from agencies.models import Agency
from common.errors import NotAllowed, RuleViolation
from records.quarters import Quarter
from records.selectors import check_log_visible_to, records_visible_to, reports_visible_to
from records.services.checks import run_hiring_check
from records.services.records import correct_status, create_record
from records.services.reports import submit_report

from ..records_serializers import (
    CheckInputSerializer,
    CheckLogSerializer,
    CheckResultSerializer,
    RecordInputSerializer,
    RecordSerializer,
    ReportInputSerializer,
    ReportSerializer,
    StatusCorrectionSerializer,
)
from .base import ApiView, actor


class KeepsOrReadsRecords(BasePermission):
    """Agency staff (their own agency's) and DOJ administrators (everything, read). To every other role
    the Sec. 3 endpoints do not exist (a 404, as on the web): not even their existence is theirs to see."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if is_agency_staff(user) or is_doj_administrator(user):
            return True
        raise NotFound("There is no such endpoint for your role.")


def _staff_only(request: Request) -> None:
    if not is_agency_staff(request.user):
        raise NotAllowed("Only an agency's staff record, report and check.")


def _own_agency(request: Request, given: int | None) -> Agency:
    user = actor(request)
    if given is not None and given != user.agency_id:
        raise RuleViolation("You can only record instances about your own agency's officers.", field="agency")
    if user.agency is None:
        raise NotAllowed("Your account belongs to no agency.")
    return user.agency


class _Sec3(ApiView, viewsets.GenericViewSet):
    permission_classes = [KeepsOrReadsRecords]


@extend_schema_view(
    list=extend_schema(summary="Sec. 3 records: your agency's, or all for DOJ administrators"),
    retrieve=extend_schema(summary="One Sec. 3 record"),
)
class RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Sec3):
    serializer_class = RecordSerializer

    def get_queryset(self) -> QuerySet:
        return records_visible_to(self.request.user).order_by("-action_date", "-id")

    @extend_schema(request=RecordInputSerializer, responses={201: RecordSerializer}, summary="Add a record")
    def create(self, request: Request) -> Response:
        _staff_only(request)
        data = RecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = _own_agency(request, values.pop("agency", None))
        record = create_record(actor=actor(request), agency=agency, **values)
        return Response(RecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StatusCorrectionSerializer,
        responses=RecordSerializer,
        summary="Correct a record's process status, with the reason (DOJ administrators)",
    )
    @action(detail=True, methods=["post"], url_path="correct-status")
    def correct_status(self, request: Request, pk=None) -> Response:
        record = self.get_object()
        data = StatusCorrectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = correct_status(actor=actor(request), record=record, **data.validated_data)
        return Response(RecordSerializer(record).data)


@extend_schema_view(list=extend_schema(summary="Quarterly Sec. 3 reports: your agency's, or all"))
class ReportViewSet(mixins.ListModelMixin, _Sec3):
    serializer_class = ReportSerializer

    def get_queryset(self) -> QuerySet:
        return reports_visible_to(self.request.user).order_by("-quarter", "agency_id")

    @extend_schema(
        request=ReportInputSerializer, responses={201: ReportSerializer}, summary="Submit a quarter's report"
    )
    def create(self, request: Request) -> Response:
        _staff_only(request)
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            quarter = Quarter.parse(values.pop("quarter"))
        except ValueError as error:
            raise RuleViolation(str(error), field="quarter") from None
        report = submit_report(
            actor=actor(request), agency=_own_agency(request, None), quarter=quarter, **values
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="The hiring check log: your agency's checks, or every check"))
class HiringCheckViewSet(mixins.ListModelMixin, _Sec3):
    serializer_class = CheckLogSerializer

    def get_queryset(self) -> QuerySet:
        return check_log_visible_to(self.request.user).order_by("-checked_at", "-id")

    @extend_schema(
        request=CheckInputSerializer,
        responses={201: CheckResultSerializer},
        summary="Check a candidate: exact and possible matches, each only kind, year and agency to contact",
    )
    def create(self, request: Request) -> Response:
        _staff_only(request)
        data = CheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = run_hiring_check(actor=actor(request), **data.validated_data)
        return Response(CheckResultSerializer(result).data, status=status.HTTP_201_CREATED)
