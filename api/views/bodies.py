from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from credentialing.actions import BODY_ACTIONS, perform_body_action
from credentialing.models import CredentialingBody, Standard

from ..filters import BodyFilter
from ..serializers import BodySerializer, NoteSerializer, StandardSerializer, input_serializer_for
from .base import ApiView, actor


@extend_schema_view(
    list=extend_schema(summary="Credentialing bodies and their AG certification"),
    retrieve=extend_schema(summary="One credentialing body"),
)
class BodyViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """The designated credentialing bodies are public to every signed-in user; only DOJ credentialing
    administrators change a body's AG certification."""

    queryset = CredentialingBody.objects.all()
    serializer_class = BodySerializer
    filterset_class = BodyFilter

    def _change(self, request: Request, name: str) -> Response:
        body = self.get_object()
        data = input_serializer_for(BODY_ACTIONS[name])(data=request.data)
        data.is_valid(raise_exception=True)
        body = perform_body_action(name, body=body, actor=actor(request), note=data.validated_data["note"])
        return Response(self.get_serializer(body).data)

    @extend_schema(request=NoteSerializer, responses=BodySerializer, summary="Certify the body")
    @action(detail=True, methods=["post"], filter_backends=[])
    def certify(self, request: Request, pk=None) -> Response:
        return self._change(request, "certify")

    @extend_schema(
        request=NoteSerializer,
        responses=BodySerializer,
        summary="Reinstate a suspended body's certification (note required)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reinstate(self, request: Request, pk=None) -> Response:
        return self._change(request, "reinstate")

    @extend_schema(
        request=NoteSerializer,
        responses=BodySerializer,
        summary="Suspend the body's certification (note required)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def suspend(self, request: Request, pk=None) -> Response:
        return self._change(request, "suspend")

    @extend_schema(
        request=NoteSerializer,
        responses=BodySerializer,
        summary="Revoke the body's certification (note required)",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def revoke(self, request: Request, pk=None) -> Response:
        return self._change(request, "revoke")


@extend_schema_view(list=extend_schema(summary="The standards catalogue (mandatory and discretionary)"))
class StandardViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    queryset = Standard.objects.all()
    serializer_class = StandardSerializer
    lookup_field = "code"
    filter_backends: list = []
    pagination_class = None
