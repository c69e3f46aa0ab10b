"""People and roles for DOJ credentialing administrators, through the same services as the pages."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import services
from accounts.filters import PersonFilter
from accounts.models import User
from accounts.rules import can_manage_people
from accounts.selectors import people

from ..strict import refuse_any_fields
from ..user_serializers import UserAccessSerializer, UserCreateSerializer, UserRoleSerializer, UserSerializer
from .base import ApiView, actor


class ManagesPeople(BasePermission):
    message = "Only DOJ credentialing administrators manage people."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and can_manage_people(request.user))


def _organisation(person: User, values: dict[str, Any]) -> dict[str, Any]:
    """A PATCH may leave out what does not change: the organisation stays only while the role does."""
    role = values.get("role", person.role)
    same_role = role == person.role
    kept = same_role or None
    return {
        "role": role,
        "agency": values.get("agency", kept and person.agency),
        "credentialing_body": values.get("credentialing_body", kept and person.credentialing_body),
    }


@extend_schema_view(
    list=extend_schema(summary="People, with their role and organisation (DOJ credentialing administrators)"),
    retrieve=extend_schema(summary="One person"),
)
class UserViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Nobody changes their own role or organisation or deactivates themselves, and nobody sets another
    person's password: a new person, or one who lost theirs, is sent a single-use set-password link."""

    permission_classes = [ManagesPeople]
    serializer_class = UserSerializer
    filterset_class = PersonFilter
    ordering_fields = ["username", "last_login", "date_joined"]
    ordering = ["username", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[User]:
        return people()

    def _site(self, request: Request) -> str:
        return request.build_absolute_uri("/")

    @extend_schema(
        request=UserCreateSerializer,
        responses={201: UserSerializer},
        summary="Add a person; they are mailed a link to set their password",
    )
    def create(self, request: Request) -> Response:
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.create_user(
            actor=actor(request), base_url=self._site(request), **data.validated_data
        )
        return Response(UserSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=UserRoleSerializer,
        responses=UserSerializer,
        summary="Change another person's role and organisation",
    )
    def partial_update(self, request: Request, pk=None) -> Response:
        person = self.get_object()
        data = UserRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = values.pop("reason", "")
        person = services.change_role(
            actor=actor(request), user=person, reason=reason, **_organisation(person, values)
        )
        return Response(UserSerializer(people().get(pk=person.pk)).data)

    def _access(self, request: Request, service) -> Response:
        person = self.get_object()
        data = UserAccessSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = service(actor=actor(request), user=person, reason=data.validated_data["reason"])
        return Response(UserSerializer(person).data)

    @extend_schema(
        request=UserAccessSerializer, responses=UserSerializer, summary="Deactivate another person"
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def deactivate(self, request: Request, pk=None) -> Response:
        return self._access(request, services.deactivate_user)

    @extend_schema(
        request=UserAccessSerializer, responses=UserSerializer, summary="Reactivate another person"
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reactivate(self, request: Request, pk=None) -> Response:
        return self._access(request, services.reactivate_user)

    @extend_schema(
        request=None,
        responses=UserSerializer,
        summary="Mail the person a single-use link to set their password",
    )
    @action(detail=True, methods=["post"], filter_backends=[], url_path="send-set-password-link")
    def send_set_password_link(self, request: Request, pk=None) -> Response:
        person = self.get_object()
        refuse_any_fields(request.data)
        services.send_set_password_link(actor=actor(request), user=person, base_url=self._site(request))
        return Response(UserSerializer(person).data)
