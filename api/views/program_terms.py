"""Changing a grant program's terms (grant officers); the lists and creation are in ``grants.py``."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from grants import services

from ..registry_serializers import ProgramTermsSerializer
from ..serializers import ProgramSerializer
from .base import actor
from .grants import ProgramViewSet

TERMS = (
    "name",
    "fiscal_year",
    "kind",
    "application_deadline",
    "description",
    "applies_sec3d",
    "sec3d_reporting_from",
    "sec4_priority",
)


class ProgramTermsViewSet(ProgramViewSet):
    @extend_schema(
        request=ProgramTermsSerializer,
        responses=ProgramSerializer,
        summary="Change a program's terms (grant officers); the applicants list reflects them at once",
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        program = self.get_object()
        data = ProgramTermsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        terms = {**{f: getattr(program, f) for f in TERMS}, **data.validated_data}
        program = services.update_program(actor=actor(request), program=program, **terms)
        return Response(ProgramSerializer(program).data)
