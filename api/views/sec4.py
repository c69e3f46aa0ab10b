"""Sec. 4 endpoints: an agency's co-responder and community-support programs, their versions and yearly
figures; both DOJ roles read every agency's. To other roles the endpoints do not exist (404)."""

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.rules import is_agency_staff
from common.errors import NotAllowed
from community.models import YearlyFiguresVersion
from community.permissions import can_see_programs
from community.selectors import figures_of, programs_visible_to, versions_of
from community.services import create_program, file_yearly_figures, update_program

from ..sec4_serializers import (
    FiguresInputSerializer,
    ProgramChangeSerializer,
    ProgramInputSerializer,
    ProgramVersionSerializer,
    SupportProgramSerializer,
    YearlyFiguresSerializer,
)
from .base import ApiView, actor


class KeepsOrReadsPrograms(BasePermission):
    """Agency staff (their own agency's) and DOJ staff (everything, read)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if can_see_programs(user):
            return True
        raise NotFound("There is no such endpoint for your role.")


def _staff_only(request: Request) -> None:
    if not is_agency_staff(request.user):
        raise NotAllowed("Only an agency's staff record their programs and figures.")


@extend_schema_view(
    list=extend_schema(summary="Sec. 4 programs: your agency's, or every agency's for DOJ staff"),
    retrieve=extend_schema(summary="One Sec. 4 program"),
)
class SupportProgramViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiView, viewsets.GenericViewSet
):
    serializer_class = SupportProgramSerializer
    permission_classes = [KeepsOrReadsPrograms]

    def get_queryset(self) -> QuerySet:
        return programs_visible_to(self.request.user).order_by("agency__name", "-started_on", "-id")

    @extend_schema(
        request=ProgramInputSerializer,
        responses={201: SupportProgramSerializer},
        summary="Record a program of your agency (version 1)",
    )
    def create(self, request: Request) -> Response:
        _staff_only(request)
        data = ProgramInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = actor(request)
        if user.agency is None:
            raise NotAllowed("Your account belongs to no agency.")
        program = create_program(actor=user, agency=user.agency, **data.validated_data)
        return Response(SupportProgramSerializer(program).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ProgramChangeSerializer,
        responses=SupportProgramSerializer,
        summary="New terms for a program (ending it included): a new version, the earlier ones kept",
    )
    def update(self, request: Request, pk=None) -> Response:
        _staff_only(request)
        program = self.get_object()
        data = ProgramChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = update_program(actor=actor(request), program=program, **data.validated_data)
        return Response(SupportProgramSerializer(program).data)

    @extend_schema(
        responses=ProgramVersionSerializer(many=True), summary="Every version of the program, latest first"
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request: Request, pk=None) -> Response:
        program = self.get_object()
        return Response(ProgramVersionSerializer(versions_of(program), many=True).data)

    @extend_schema(
        methods=["get"],
        responses=YearlyFiguresSerializer(many=True),
        summary="The program's yearly figures with every filing, latest year first",
    )
    @extend_schema(
        methods=["post"],
        request=FiguresInputSerializer,
        responses={201: YearlyFiguresSerializer},
        summary="File a year's figures once the year has ended; filing it again amends it (with a note)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def figures(self, request: Request, pk=None) -> Response:
        program = self.get_object()
        if request.method == "POST":
            _staff_only(request)
            data = FiguresInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            filed = file_yearly_figures(actor=actor(request), program=program, **data.validated_data)
            return Response(YearlyFiguresSerializer(filed).data, status=status.HTTP_201_CREATED)
        rows = figures_of(program).prefetch_related(
            Prefetch(
                "versions",
                queryset=YearlyFiguresVersion.objects.select_related("filed_by").order_by("number"),
            )
        )
        return Response(YearlyFiguresSerializer(rows, many=True).data)
