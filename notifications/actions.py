"""A notice's call to action, decided when it is read from the state of things now.

A notification's words are written once, when the event happens ("start the review"); by the time the
person reads it the application may have been approved, denied or withdrawn. The list shows the stored
next step only while it can still be done, and otherwise says what became of it. Decided for a whole
page at once: at most two queries (the applications named, and the agencies' later applications).
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from common.humanize import human_date
from credentialing.models import CredentialApplication, application_reference
from credentialing.states import IN_PROCESS_STATES, ApplicationStatus

from .kinds import Kind
from .models import Notification

S = ApplicationStatus

# Kinds whose call to action asks the certifiers to review: live while the application is with the body.
REVIEW_KINDS = frozenset({Kind.SUBMITTED, Kind.ANSWERED})
# Kinds asking the agency to apply (again): done once the agency has a newer application in process or
# approved than the one the notice is about.
APPLY_AGAIN_KINDS = frozenset({Kind.DENIED, Kind.REVOKED, Kind.EXPIRY_REMINDER, Kind.EXPIRED})
COUNTS_AS_APPLIED = IN_PROCESS_STATES | {S.APPROVED}


@dataclass(frozen=True)
class CallToAction:
    next_step: str
    link_path: str
    link_label: str
    done: bool  # the stored call to action no longer applies


@dataclass(frozen=True)
class _Application:
    pk: int
    agency_id: int
    status: str
    changed_at: datetime


def application_id_of(notification: Notification) -> int | None:
    """The application a notice is about: its event key starts ``application:<id>:``."""
    prefix, _, rest = notification.key.partition(":")
    number = rest.partition(":")[0]
    return int(number) if prefix == "application" and number.isdigit() else None


def _as_stored(notification: Notification) -> CallToAction:
    return CallToAction(notification.next_step, notification.link_path, notification.link_label, done=False)


def _link(app: _Application) -> tuple[str, str]:
    return reverse("application_detail", args=[app.pk]), f"See {application_reference(app.pk)}"


def _status_words(app: _Application) -> str:
    return f"{S(app.status).label.lower()} on {human_date(app.changed_at)}"


def _for_review(notification: Notification, app: _Application) -> CallToAction:
    if app.status in (S.SUBMITTED, S.UNDER_REVIEW):
        return _as_stored(notification)
    path, label = _link(app)
    ref = application_reference(app.pk)
    if app.status == S.RETURNED:
        step = f"Nothing to do now: {ref} was returned to the agency; you will be told when it answers."
    else:
        step = f"Nothing to do now: {ref} was {_status_words(app)}."
    return CallToAction(step, path, label, done=True)


def _for_return(notification: Notification, app: _Application) -> CallToAction:
    if app.status == S.RETURNED:
        return _as_stored(notification)
    path, label = _link(app)
    ref = application_reference(app.pk)
    if app.status in (S.SUBMITTED, S.UNDER_REVIEW):
        step = f"Nothing to do now: your agency answered the return and {ref} is with the body again."
    else:
        step = f"Nothing to do now: {ref} was {_status_words(app)}."
    return CallToAction(step, path, label, done=True)


def _for_apply_again(notification: Notification, newer: _Application | None) -> CallToAction:
    if newer is None:
        return _as_stored(notification)
    path, label = _link(newer)
    step = (
        f"Done: your agency applied again with {application_reference(newer.pk)}, "
        f"now {S(newer.status).label.lower()}."
    )
    return CallToAction(step, path, label, done=True)


def current_calls_to_action(notifications: list[Notification]) -> dict[int, CallToAction]:
    """Each notice's call to action as it stands now, by notification id."""
    about = {n.pk: application_id_of(n) for n in notifications}
    applications = {
        row["pk"]: _Application(row["pk"], row["agency_id"], row["status"], row["status_changed_at"])
        for row in CredentialApplication.objects.filter(pk__in={a for a in about.values() if a}).values(
            "pk", "agency_id", "status", "status_changed_at"
        )
    }
    later: dict[int, list[_Application]] = {}
    agencies = {
        applications[a].agency_id
        for n in notifications
        if n.kind in APPLY_AGAIN_KINDS and (a := about[n.pk]) in applications
    }
    if agencies:
        rows = (
            CredentialApplication.objects.filter(agency_id__in=agencies, status__in=COUNTS_AS_APPLIED)
            .order_by("pk")
            .values("pk", "agency_id", "status", "status_changed_at")
        )
        for row in rows:
            later.setdefault(row["agency_id"], []).append(
                _Application(row["pk"], row["agency_id"], row["status"], row["status_changed_at"])
            )
    result: dict[int, CallToAction] = {}
    for notification in notifications:
        app = applications.get(about[notification.pk] or 0)
        if app is None:
            result[notification.pk] = _as_stored(notification)
        elif notification.kind in REVIEW_KINDS:
            result[notification.pk] = _for_review(notification, app)
        elif notification.kind == Kind.RETURNED:
            result[notification.pk] = _for_return(notification, app)
        elif notification.kind in APPLY_AGAIN_KINDS:
            # An application started after the one the notice is about answers its "apply again".
            newer = next((other for other in later.get(app.agency_id, []) if other.pk > app.pk), None)
            result[notification.pk] = _for_apply_again(notification, newer)
        else:
            result[notification.pk] = _as_stored(notification)
    return result


def with_current_actions(notifications: list[Notification]) -> list[Notification]:
    """The notices, each carrying ``current``: its call to action as it stands now (never saved)."""
    decided = current_calls_to_action(notifications)
    for notification in notifications:
        notification.current = decided[notification.pk]  # type: ignore[attr-defined]
    return notifications
