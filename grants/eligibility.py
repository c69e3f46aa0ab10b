"""The EO 13929 Sec. 2(a) eligibility rule, as a pure function of plain facts.

Both the per-agency task and the set-wise recompute feed it the same facts, so they cannot disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from agencies.models import AgencyType
from common.humanize import human_date
from credentialing.dates import valid_through
from credentialing.models import CertificationStatus, application_reference
from credentialing.states import IN_PROCESS_STATES, ApplicationStatus

from .models import EligibilityBasis

REASON_MAX_LENGTH = 300
EXEMPT_REASON = "tribal agency: not subject to the EO 13929 Sec. 2(a) requirement"
NO_APPLICATION_REASON = "no application"


@dataclass(frozen=True)
class ApplicationFacts:
    """What the rule needs to know of one application and its body."""

    id: int
    status: str
    body_name: str
    body_status: str
    body_status_changed_at: datetime | None
    submitted_at: datetime | None
    status_changed_at: datetime
    expires_on: date | None


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    basis: str
    reason: str
    application_id: int | None


def _day(moment: datetime | None) -> str:
    return human_date(moment) if moment else "an unknown date"


def _ref(app: ApplicationFacts) -> str:
    return application_reference(app.id)


def _credential_valid(app: ApplicationFacts, today: date) -> bool:
    return app.status == ApplicationStatus.APPROVED and app.expires_on is not None and today < app.expires_on


def _would_count_if_body_certified(app: ApplicationFacts, today: date) -> bool:
    return app.status in IN_PROCESS_STATES or _credential_valid(app, today)


def _in_process_reason(app: ApplicationFacts) -> str:
    on = _day(app.status_changed_at)
    if app.status == ApplicationStatus.SUBMITTED:
        return f"application {_ref(app)} submitted to {app.body_name} on {on}"
    if app.status == ApplicationStatus.UNDER_REVIEW:
        return f"application {_ref(app)} under review by {app.body_name} since {on}"
    return f"application {_ref(app)} returned by {app.body_name} for more information on {on}"


def _body_reason(app: ApplicationFacts) -> str:
    when = _day(app.body_status_changed_at)
    # Name the application too: its own state (approved, say) no longer counts while the body's does not.
    counts_not = f"application {_ref(app)} does not count while it is not certified"
    if app.body_status == CertificationStatus.REVOKED:
        return f"{app.body_name}'s AG certification was revoked on {when}: {counts_not}"
    if app.body_status == CertificationStatus.SUSPENDED:
        return f"{app.body_name}'s AG certification has been suspended since {when}: {counts_not}"
    return f"{app.body_name} is not yet certified by the Attorney General: {counts_not}"


def _closed_reason(app: ApplicationFacts) -> str:
    on = _day(app.status_changed_at)
    if app.status in (ApplicationStatus.APPROVED, ApplicationStatus.EXPIRED) and app.expires_on:
        last_day = human_date(valid_through(app.expires_on))
        return f"credential from {app.body_name} (application {_ref(app)}) expired: valid through {last_day}"
    if app.status == ApplicationStatus.REVOKED:
        return f"credential from {app.body_name} (application {_ref(app)}) was revoked on {on}"
    if app.status == ApplicationStatus.DENIED:
        return f"application {_ref(app)} was denied by {app.body_name} on {on}"
    if app.status == ApplicationStatus.WITHDRAWN:
        return f"application {_ref(app)} to {app.body_name} was withdrawn on {on}"
    if app.status == ApplicationStatus.DRAFT:
        return f"application {_ref(app)} to {app.body_name} is a draft, not yet submitted"
    return f"application {_ref(app)} to {app.body_name} is {app.status}"


def evaluate(*, agency_type: str, applications: Iterable[ApplicationFacts], today: date) -> Eligibility:
    """Sec. 2(a): eligible when credentialed, or in the process of seeking credentials, from a body the
    Attorney General currently certifies. Tribal agencies are not subject to the requirement."""
    if agency_type == AgencyType.TRIBAL:
        return Eligibility(True, EligibilityBasis.EXEMPT, EXEMPT_REASON, None)
    apps = list(applications)
    counted = [a for a in apps if a.body_status == CertificationStatus.CERTIFIED]

    credentialed = [a for a in counted if _credential_valid(a, today)]
    if credentialed:
        best = max(credentialed, key=lambda a: (a.expires_on, a.id))
        last_day = human_date(valid_through(best.expires_on))
        reason = f"credentialed by {best.body_name} (application {_ref(best)}), valid through {last_day}"
        return Eligibility(True, EligibilityBasis.CREDENTIALED, reason[:REASON_MAX_LENGTH], best.id)

    in_process = [a for a in counted if a.status in IN_PROCESS_STATES]
    if in_process:
        best = min(in_process, key=lambda a: (a.submitted_at or a.status_changed_at, a.id))
        return Eligibility(
            True, EligibilityBasis.IN_PROCESS, _in_process_reason(best)[:REASON_MAX_LENGTH], best.id
        )

    # Not eligible: explain with the application that came closest, else the latest one.
    blocked = [a for a in apps if _would_count_if_body_certified(a, today)]
    if blocked:
        latest = max(blocked, key=lambda a: (a.status_changed_at, a.id))
        return Eligibility(False, EligibilityBasis.NONE, _body_reason(latest)[:REASON_MAX_LENGTH], latest.id)
    if apps:
        latest = max(apps, key=lambda a: (a.status_changed_at, a.id))
        return Eligibility(
            False, EligibilityBasis.NONE, _closed_reason(latest)[:REASON_MAX_LENGTH], latest.id
        )
    return Eligibility(False, EligibilityBasis.NONE, NO_APPLICATION_REASON, None)
