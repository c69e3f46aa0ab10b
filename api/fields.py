"""Serializer fields shared by the API's serializers."""

from rest_framework import serializers


class CodeRelatedField(serializers.SlugRelatedField):
    """An object named by its code. A NUL byte is refused before the lookup: PostgreSQL cannot even
    compare text holding one, so the query itself would fail."""

    default_error_messages = {"null_character": "A code cannot contain NUL characters."}

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("null_character")
        return super().to_internal_value(data)
