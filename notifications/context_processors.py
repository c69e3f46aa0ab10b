"""The header's unread count, on every page of a signed-in person."""

from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    user: Any = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "role", None):
        return {}
    return {"unread_notifications": unread_count(user)}
