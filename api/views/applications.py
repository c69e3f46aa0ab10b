from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from common.errors import NotAllowed, NotFound
from common.uploads import stored_file_response
from credentialing import services
from credentialing.actions import APPLICATION_ACTIONS, perform_application_action
from credentialing.models import CredentialApplication, EvidenceDocument, Finding, TransitionLog
from credentialing.selectors import applications_visible_to
from credentialing.services.evidence import ALLOWED_TYPES

from ..filters import ApplicationFilter
from ..serializers import (
    ApplicationCreateSerializer,
    ApplicationSerializer,
    ApplicationUpdateSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    FindingInputSerializer,
    FindingSerializer,
    TransitionSerializer,
    input_serializer_for,
)
from .base import ApiView, actor


def _transition_schema(name: str, summary: str):
    request = input_serializer_for(APPLICATION_ACTIONS[name])
    return extend_schema(request=request, responses=ApplicationSerializer, summary=summary)


@extend_schema_view(
    list=extend_schema(summary="Applications the caller may see"),
    retrieve=extend_schema(summary="One application, with the actions the caller may take now"),
)
class ApplicationViewSet(
    ApiView,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Credential applications, scoped by role: an agency's staff see their agency's, a certifier the
    ones submitted to its body, DOJ staff all. Each transition calls the same service as the web pages."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self) -> QuerySet[CredentialApplication]:
        return applications_visible_to(actor(self.request))

    def _respond(self, application: CredentialApplication, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(ApplicationSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        request=ApplicationCreateSerializer,
        responses={201: ApplicationSerializer},
        summary="Start a draft application (agency staff)",
    )
    def create(self, request: Request) -> Response:
        data = ApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = actor(request)
        if not user.is_agency_staff or user.agency is None:
            raise NotAllowed("Only an agency's staff can start a credential application.")
        application = services.create_application(
            agency=user.agency,
            actor=user,
            **data.validated_data,
        )
        return self._respond(application, status.HTTP_201_CREATED)

    @extend_schema(
        request=ApplicationUpdateSerializer,
        responses=ApplicationSerializer,
        summary="Edit a draft or returned application: body, attestations, notes (agency staff)",
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        application = self.get_object()
        data = ApplicationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = services.update_application(
            application=application,
            actor=actor(request),
            **data.validated_data,
        )
        return self._respond(application)

    def _transition(self, request: Request, name: str) -> Response:
        """The service locks the row, scopes it to the caller (out of scope is missing) and returns it with
        its agency and body as committed: no read of the row before it, none after it to answer.

        Answers as the scoped read in front of the service did: a missing or out-of-scope application is
        the same 404 (that read is made only then, on the way out), and before any word about the input."""
        data = input_serializer_for(APPLICATION_ACTIONS[name])(data=request.data)
        pk = str(self.kwargs.get(self.lookup_field, ""))
        if not data.is_valid() or not pk.isascii() or not pk.isdigit():
            self.get_object()
            data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if v is not None}
        try:
            application = perform_application_action(
                name, application=CredentialApplication(pk=int(pk)), actor=actor(request), **values
            )
        except NotFound:
            self.get_object()
            raise
        return Response(ApplicationSerializer(application, context=self.get_serializer_context()).data)

    @_transition_schema("submit", "Submit to the credentialing body (agency staff)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request: Request, pk=None) -> Response:
        return self._transition(request, "submit")

    @_transition_schema("start_review", "Start reviewing a submitted application (certifier)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def start_review(self, request: Request, pk=None) -> Response:
        return self._transition(request, "start_review")

    @_transition_schema("return", "Return for more information (certifier; note required)")
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def return_(self, request: Request, pk=None) -> Response:
        return self._transition(request, "return")

    @_transition_schema("approve", "Approve, recording the determination date (certifier)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request: Request, pk=None) -> Response:
        return self._transition(request, "approve")

    @_transition_schema("deny", "Deny (certifier; note required)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def deny(self, request: Request, pk=None) -> Response:
        return self._transition(request, "deny")

    @_transition_schema("revoke", "Revoke an awarded credential (certifier; note required)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def revoke(self, request: Request, pk=None) -> Response:
        return self._transition(request, "revoke")

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="The draft is deleted."),
            409: OpenApiResponse(description="Not a draft: a submitted application is withdrawn instead."),
        },
        summary="Delete a draft that was never submitted (agency staff)",
    )
    def destroy(self, request: Request, pk=None) -> Response:
        perform_application_action("delete_draft", application=self.get_object(), actor=actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @_transition_schema("withdraw", "Withdraw (agency staff)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request: Request, pk=None) -> Response:
        return self._transition(request, "withdraw")


class _NestedUnderApplication(ApiView, viewsets.GenericViewSet):
    """Views under ``applications/{application_pk}/``: the application must be visible, else 404."""

    filter_backends = []
    pagination_class = None

    def application(self) -> CredentialApplication:
        return get_object_or_404(
            applications_visible_to(actor(self.request)), pk=self.kwargs["application_pk"]
        )


@extend_schema_view(
    list=extend_schema(summary="Evidence documents of an application"),
    retrieve=extend_schema(summary="One evidence document's details"),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _NestedUnderApplication):
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[EvidenceDocument]:
        if getattr(self, "swagger_fake_view", False):
            return EvidenceDocument.objects.none()
        return EvidenceDocument.objects.filter(application=self.application()).select_related("uploaded_by")

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
        summary="Upload evidence (agency staff; draft or returned applications)",
    )
    def create(self, request: Request, application_pk=None) -> Response:
        application = self.application()
        data = DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.attach_document(
            application=application,
            actor=actor(request),
            kind=data.validated_data["kind"],
            upload=data.validated_data["file"],
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None, responses={204: None}, summary="Remove a document from a draft (agency staff)"
    )
    def destroy(self, request: Request, application_pk=None, pk=None) -> Response:
        services.remove_document(document=self.get_object(), actor=actor(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file, as uploaded.")
            for media_type in ALLOWED_TYPES
        },
        summary="Download the document (whoever may see the application)",
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, application_pk=None, pk=None) -> FileResponse:
        return stored_file_response(self.get_object())


@extend_schema_view(list=extend_schema(summary="The certifier's findings, one per standard"))
class FindingViewSet(mixins.ListModelMixin, _NestedUnderApplication):
    serializer_class = FindingSerializer

    def get_queryset(self) -> QuerySet[Finding]:
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        return Finding.objects.filter(application=self.application()).select_related(
            "standard", "recorded_by"
        )

    @extend_schema(
        request=FindingInputSerializer,
        responses={201: FindingSerializer},
        summary="Record (or replace) the finding on one standard (certifier; under review)",
    )
    def create(self, request: Request, application_pk=None) -> Response:
        application = self.application()
        data = FindingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = services.record_finding(
            application=application,
            actor=actor(request),
            **data.validated_data,
        )
        finding = self.get_queryset().get(pk=finding.pk)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="The application's timeline: who changed its state, when, why")
)
class TimelineViewSet(mixins.ListModelMixin, _NestedUnderApplication):
    serializer_class = TransitionSerializer

    def get_queryset(self) -> QuerySet[TransitionLog]:
        if getattr(self, "swagger_fake_view", False):
            return TransitionLog.objects.none()
        return TransitionLog.objects.filter(application=self.application()).select_related("actor")
