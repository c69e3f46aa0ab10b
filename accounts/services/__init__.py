"""Writes of the accounts app: people, their role and organisation, their access and their password."""

from .passwords import (
    change_own_password,
    send_set_password_link,
    set_password_by_operator,
    set_password_from_link,
)
from .people import (
    change_role,
    create_user,
    deactivate_user,
    reactivate_user,
)

__all__ = [
    "change_own_password",
    "change_role",
    "create_user",
    "deactivate_user",
    "reactivate_user",
    "send_set_password_link",
    "set_password_by_operator",
    "set_password_from_link",
]
