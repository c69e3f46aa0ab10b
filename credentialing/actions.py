"""Every action a person can take on an application or a body, once: what the web buttons, the API
actions and ``available_actions`` are all built from.

The state machine (``workflow``) says from where to where and for whom; this table adds the service
that performs the action and how the interface should offer it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from accounts.models import User

from . import services, workflow
from .models import CredentialApplication, CredentialingBody
from .permissions import can_view_application, can_work_on_application


@dataclass(frozen=True)
class ApplicationAction:
    transition: workflow.Action
    service: Callable[..., CredentialApplication]
    own_page: bool  # asks for something (a reason, a date) or deserves a confirmation
    destructive: bool  # shown as a warning button; the page says it cannot be undone
    done: str  # completes "<reference> ...", with {body}
    asks_date: bool = False

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return self.transition.label

    @property
    def needs_reason(self) -> bool:
        return self.transition.needs_reason


@dataclass(frozen=True)
class BodyAction:
    change: workflow.CertificationAction
    service: Callable[..., CredentialingBody]
    destructive: bool
    done: str

    @property
    def name(self) -> str:
        return self.change.name

    @property
    def label(self) -> str:
        return self.change.label

    @property
    def needs_reason(self) -> bool:
        return self.change.needs_note


APPLICATION_ACTIONS: dict[str, ApplicationAction] = {
    a.name: a
    for a in (
        ApplicationAction(workflow.SUBMIT, services.submit_application, False, False, "submitted to {body}"),
        ApplicationAction(workflow.START_REVIEW, services.start_review, False, False, "now under review"),
        ApplicationAction(
            workflow.RETURN,
            services.return_application,
            True,
            False,
            "returned to the agency for more information",
        ),
        ApplicationAction(workflow.APPROVE, services.approve_application, True, False, "approved", True),
        ApplicationAction(workflow.DENY, services.deny_application, True, True, "denied"),
        ApplicationAction(workflow.REVOKE, services.revoke_credential, True, True, "revoked"),
        ApplicationAction(workflow.WITHDRAW, services.withdraw_application, True, True, "withdrawn"),
        ApplicationAction(workflow.DELETE_DRAFT, services.delete_draft, True, True, "deleted"),
    )
}

BODY_ACTIONS: dict[str, BodyAction] = {
    a.name: a
    for a in (
        BodyAction(workflow.CERTIFY, services.certify_body, False, "certified"),
        BodyAction(workflow.REINSTATE, services.reinstate_body, False, "certification reinstated"),
        BodyAction(workflow.SUSPEND, services.suspend_body, True, "certification suspended"),
        BodyAction(
            workflow.REVOKE_CERTIFICATION, services.revoke_body_certification, True, "certification revoked"
        ),
    )
}


@dataclass(frozen=True)
class WorkbenchAction:
    """An action of the body's own workbench: no change of state, the body's certifiers only."""

    name: str
    label: str
    service: Callable[..., Any]
    done: str


WORKBENCH_ACTIONS: dict[str, WorkbenchAction] = {
    a.name: a
    for a in (
        WorkbenchAction("assign", "Assign", services.assign_application, "assignment saved"),
        WorkbenchAction(
            "add_note", "Add an internal note", services.add_internal_note, "internal note added"
        ),
    )
}


def available_workbench_actions(application: CredentialApplication, user: User) -> list[WorkbenchAction]:
    return list(WORKBENCH_ACTIONS.values()) if can_work_on_application(user, application) else []


def perform_workbench_action(
    name: str, *, application: CredentialApplication, actor: User, **arguments: Any
) -> Any:
    return WORKBENCH_ACTIONS[name].service(application=application, actor=actor, **arguments)


def available_actions(application: CredentialApplication, user: User) -> list[ApplicationAction]:
    """The actions the interface offers this user now (the services still decide)."""
    if not can_view_application(user, application):
        return []
    allowed = {a.name for a in workflow.actions_from(application.status, getattr(user, "role", None))}
    return [a for name, a in APPLICATION_ACTIONS.items() if name in allowed]


def available_body_actions(body: CredentialingBody) -> list[BodyAction]:
    allowed = {a.name for a in workflow.certification_actions_from(body.certification_status)}
    return [a for name, a in BODY_ACTIONS.items() if name in allowed]


def perform_application_action(
    name: str,
    *,
    application: CredentialApplication,
    actor: User,
    note: str = "",
    determination_date: date | None = None,
) -> CredentialApplication:
    action = APPLICATION_ACTIONS[name]
    extra: dict[str, Any] = {}
    if action.asks_date and determination_date is not None:
        extra["determination_date"] = determination_date
    return action.service(application=application, actor=actor, note=note or "", **extra)


def perform_body_action(
    name: str, *, body: CredentialingBody, actor: User, note: str = ""
) -> CredentialingBody:
    return BODY_ACTIONS[name].service(body=body, actor=actor, note=note or "")
