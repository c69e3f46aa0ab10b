"""Who may manage whom."""

from common.errors import NotAllowed

from ..models import User
from ..rules import can_manage_people, is_oneself


def require_people_manager(actor: User) -> None:
    if not (getattr(actor, "is_active", False) and can_manage_people(actor)):
        raise NotAllowed("Only a DOJ credentialing administrator can manage people.")


def refuse_oneself(actor: User, person: User, what: str) -> None:
    if is_oneself(actor, person):
        raise NotAllowed(f"Nobody can {what} their own account: ask another DOJ credentialing administrator.")
