"""Every serializer of the API refuses what it does not understand.

A write that names a field the request does not take (a typo, a field of another version, a field that
is shown but never set such as ``id`` or ``status``) is answered 400 with each such field named, never
200 with the field silently dropped: a client that believes it changed something must learn it did not.
Every serializer of the API derives from ``StrictSerializer`` or ``StrictModelSerializer``
(``tests/api/test_unknown_fields.py`` checks both that and every writable route).
"""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers


class RefuseUnknownFields:
    """A serializer mixin: the data's names outside the writable fields are a validation error."""

    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = [name for name, field in self.fields.items() if not field.read_only]
            refused: dict[str, list[str]] = {}
            for name in sorted(set(data) - set(writable)):
                if name in self.fields:
                    refused[name] = ["Read-only: this field cannot be set here."]
                else:
                    takes = ", ".join(writable) if writable else "no fields"
                    refused[name] = [f"Unknown field: this request takes {takes}."]
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictSerializer(RefuseUnknownFields, serializers.Serializer):
    pass


class StrictModelSerializer(RefuseUnknownFields, serializers.ModelSerializer):
    pass


class NoFieldsSerializer(StrictSerializer):
    """The body of a write that takes no fields: anything named in it is refused."""


def refuse_any_fields(data: Any) -> None:
    """For a write that takes no body: a 400 naming whatever fields came."""
    NoFieldsSerializer(data=data).is_valid(raise_exception=True)
