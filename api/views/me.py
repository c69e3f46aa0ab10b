from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..serializers import MeSerializer
from .base import ApiView


class MeView(ApiView, APIView):
    @extend_schema(responses=MeSerializer, summary="Who the caller is: username, role and organisation")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
