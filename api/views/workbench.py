"""The certifier's workbench on an application (the body's certifiers only: anyone else gets 404), and
each person's own notifications."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from common.errors import RuleViolation
from credentialing import services
from credentialing.actions import perform_workbench_action
from credentialing.models import CredentialApplication
from notifications import selectors as notification_selectors
from notifications import services as notification_services
from notifications.actions import with_current_actions
from notifications.models import Notification

from ..strict import refuse_any_fields
from ..workbench_serializers import (
    AssignSerializer,
    InternalNoteSerializer,
    NoteInputSerializer,
    NotificationSerializer,
    WorkbenchSerializer,
)
from .applications import _NestedUnderApplication
from .base import ApiView, actor


def _workbench(application: CredentialApplication, user: User) -> dict:
    return {
        "assigned_to": application.assigned_to_id,
        "colleagues": [
            {"id": person.pk, "name": person.get_full_name() or person.username}
            for person in services.colleagues(user)
        ],
        "notes": InternalNoteSerializer(
            services.internal_notes(application=application, actor=user), many=True
        ).data,
    }


class WorkbenchViewSet(_NestedUnderApplication):
    serializer_class = WorkbenchSerializer

    @extend_schema(summary="The body's workbench on an application: assignment and internal notes")
    def retrieve(self, request: Request, application_pk=None) -> Response:
        return Response(_workbench(self.application(), actor(request)))

    @extend_schema(
        request=AssignSerializer,
        responses=WorkbenchSerializer,
        summary="Assign the application to a certifier of the body, or to nobody",
    )
    def assign(self, request: Request, application_pk=None) -> Response:
        application = self.application()
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignee_id = data.validated_data["assignee"]
        assignee = None
        if assignee_id is not None:
            assignee = User.objects.filter(pk=assignee_id).first()
            if assignee is None:
                raise RuleViolation(f"There is no user {assignee_id}.", field="assignee")
        updated = perform_workbench_action(
            "assign", application=application, actor=actor(request), assignee=assignee
        )
        return Response(_workbench(updated, actor(request)))

    @extend_schema(
        request=NoteInputSerializer,
        responses={201: InternalNoteSerializer},
        summary="Add an internal note (seen by the body's certifiers only)",
    )
    def add_note(self, request: Request, application_pk=None) -> Response:
        application = self.application()
        data = NoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = perform_workbench_action(
            "add_note", application=application, actor=actor(request), text=data.validated_data["text"]
        )
        return Response(InternalNoteSerializer(note).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Your notifications, newest first"),
)
class NotificationViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    filter_backends = []
    lookup_value_regex = "[0-9]{1,18}"  # anything else is a 404 from the router, never a failed int()

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notification_selectors.inbox(actor(self.request))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Each call to action decided for the whole page at once, as the web list does.
        return None if page is None else with_current_actions(list(page))

    @extend_schema(request=None, responses=NotificationSerializer, summary="Mark one notification read")
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        refuse_any_fields(request.data)
        notification = notification_services.mark_read(user=actor(request), notification_id=int(pk or 0))
        return Response(NotificationSerializer(notification).data)
