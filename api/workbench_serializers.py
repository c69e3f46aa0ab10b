"""The certifier's workbench and a person's notifications, as the API shows them."""

from rest_framework import serializers

from credentialing.models import InternalNote
from notifications.actions import current_calls_to_action
from notifications.models import Notification

from .strict import StrictModelSerializer, StrictSerializer


class InternalNoteSerializer(StrictModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = InternalNote
        fields = ["id", "author", "author_name", "text", "at"]
        read_only_fields = fields

    def get_author_name(self, note: InternalNote) -> str:
        return note.author.get_full_name() or note.author.username


class WorkbenchSerializer(StrictSerializer):
    assigned_to = serializers.IntegerField(allow_null=True, help_text="User id of the certifier assigned.")
    colleagues = serializers.ListField(
        child=serializers.DictField(), help_text="The body's active certifiers: who can be assigned."
    )
    notes = InternalNoteSerializer(many=True)


class AssignSerializer(StrictSerializer):
    assignee = serializers.IntegerField(
        allow_null=True, help_text="User id of a certifier of the body, or null to unassign."
    )


class NoteInputSerializer(StrictSerializer):
    text = serializers.CharField(max_length=5000, trim_whitespace=True)


class NotificationSerializer(StrictModelSerializer):
    """``next_step`` and ``link_path`` as they stand now (``notifications.actions``): a call to action
    that has been done since the notice was written is replaced by what became of it."""

    unread = serializers.BooleanField(source="is_unread", read_only=True)
    next_step = serializers.SerializerMethodField()
    link_path = serializers.SerializerMethodField()

    def _current(self, notification: Notification):
        current = getattr(notification, "current", None)
        return current or current_calls_to_action([notification])[notification.pk]

    def get_next_step(self, notification: Notification) -> str:
        return self._current(notification).next_step

    def get_link_path(self, notification: Notification) -> str:
        return self._current(notification).link_path

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "subject",
            "what_happened",
            "why",
            "next_step",
            "link_path",
            "created_at",
            "read_at",
            "unread",
            "delivery",
        ]
        read_only_fields = fields
