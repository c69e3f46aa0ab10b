"""The admin looks; services change: the base of every model admin of the domain."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

# The doors through which Django's admin writes: adding, the change form (and list_editable), deleting
# (and the bulk delete action), and any other action.
_WRITING_DOORS = ("has_add_permission", "has_change_permission", "has_delete_permission", "get_actions")


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Viewable, never writable: a change there would skip the rules, the recompute and the audit row.

    A subclass cannot reopen a door: the refusals below are put back on every subclass, whatever it
    defines, so a later ``has_delete_permission = True`` has no effect.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in _WRITING_DOORS:
            setattr(cls, name, getattr(ReadOnlyModelAdmin, name))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}
