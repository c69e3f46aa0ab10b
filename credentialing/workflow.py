"""The application state machine as data: which action leads from which states to which, for whom.

Services enforce it; the web pages and the API read it to offer only the actions allowed now.
"""

from dataclasses import dataclass

from accounts.models import Role

from .models import CertificationStatus as C
from .states import ApplicationStatus as S


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    role: str | None  # None: the system itself (the expiry sweep)
    needs_reason: bool = False


SUBMIT = Action("submit", "Submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, Role.AGENCY_STAFF)
START_REVIEW = Action(
    "start_review", "Start review", frozenset({S.SUBMITTED}), S.UNDER_REVIEW, Role.CERTIFIER
)
RETURN = Action(
    "return", "Return for more information", frozenset({S.UNDER_REVIEW}), S.RETURNED, Role.CERTIFIER, True
)
APPROVE = Action("approve", "Approve", frozenset({S.UNDER_REVIEW}), S.APPROVED, Role.CERTIFIER)
DENY = Action("deny", "Deny", frozenset({S.UNDER_REVIEW}), S.DENIED, Role.CERTIFIER, True)
REVOKE = Action("revoke", "Revoke credential", frozenset({S.APPROVED}), S.REVOKED, Role.CERTIFIER, True)
WITHDRAW = Action(
    "withdraw",
    "Withdraw",
    frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED}),
    S.WITHDRAWN,
    Role.AGENCY_STAFF,
)
# A draft was never submitted: deleting it is the agency's to do, and distinct from withdrawing.
DELETE_DRAFT = Action("delete_draft", "Delete draft", frozenset({S.DRAFT}), S.DELETED, Role.AGENCY_STAFF)
EXPIRE = Action("expire", "Expire", frozenset({S.APPROVED}), S.EXPIRED, None)

ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (SUBMIT, START_REVIEW, RETURN, APPROVE, DENY, REVOKE, WITHDRAW, DELETE_DRAFT, EXPIRE)
}


def actions_from(status: str, role: str | None) -> list[Action]:
    """The actions a person of ``role`` may attempt on an application in ``status``."""
    return [a for a in ACTIONS.values() if a.role is not None and a.role == role and status in a.sources]


@dataclass(frozen=True)
class CertificationAction:
    """A change of a credentialing body's AG certification (EO 13929 Sec. 2(b)); DOJ administrators only."""

    name: str
    label: str
    sources: frozenset[str]
    target: str
    needs_note: bool


CERTIFY = CertificationAction("certify", "Certify", frozenset({C.PENDING}), C.CERTIFIED, False)
REINSTATE = CertificationAction(
    "reinstate", "Reinstate certification", frozenset({C.SUSPENDED}), C.CERTIFIED, True
)
SUSPEND = CertificationAction("suspend", "Suspend certification", frozenset({C.CERTIFIED}), C.SUSPENDED, True)
REVOKE_CERTIFICATION = CertificationAction(
    "revoke", "Revoke certification", frozenset({C.CERTIFIED, C.SUSPENDED}), C.REVOKED, True
)
CERTIFICATION_ACTIONS: dict[str, CertificationAction] = {
    a.name: a for a in (CERTIFY, REINSTATE, SUSPEND, REVOKE_CERTIFICATION)
}


def certification_actions_from(status: str) -> list[CertificationAction]:
    return [a for a in CERTIFICATION_ACTIONS.values() if status in a.sources]
