"""People in the API. Thin: types and lengths here, the rules in ``accounts.services``.

Fields a form or the API must never set (``password``, ``is_staff``, ``is_superuser``...) are refused
by name rather than dropped, so a caller learns at once that they have no effect.
"""

from rest_framework import serializers

from accounts.models import PERSON_FIELDS, Role, User
from agencies.models import Agency
from credentialing.models import CredentialingBody

from .strict import StrictModelSerializer, StrictSerializer


class UserSerializer(StrictModelSerializer):
    organisation = serializers.CharField(source="organisation_name", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            *PERSON_FIELDS,
            "organisation",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields


class _Organisation(StrictSerializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True, help_text="For agency staff."
    )
    credentialing_body = serializers.PrimaryKeyRelatedField(
        queryset=CredentialingBody.objects.all(), required=False, allow_null=True, help_text="For certifiers."
    )


class UserCreateSerializer(_Organisation):
    username = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, help_text="The set-password link is sent here.")
    role = serializers.ChoiceField(choices=Role.choices)


class UserRoleSerializer(_Organisation):
    role = serializers.ChoiceField(choices=Role.choices, required=False, help_text="Unchanged when left out.")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class UserAccessSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
