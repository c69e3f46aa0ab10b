"""The grant eligibility rule, as a pure function of plain facts: EO 13929 Sec. 2(a) credentialing and,
where a program applies it, Sec. 3(d) quarterly reporting.

Both the per-agency task and the set-wise recompute feed ``evaluate`` the same facts, so they cannot
disagree. The stored flag is the program-independent part (Sec. 2(a), and the agency's latest unbroken
run of reported quarters); a program's full answer is ``combine`` of that with the program's reporting
start, worked out when the program's applicants are read.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone

from agencies.models import AgencyType
from common.humanize import human_date
from credentialing.dates import valid_through
from credentialing.models import CertificationStatus, application_reference
from credentialing.states import IN_PROCESS_STATES, ApplicationStatus
from records.quarters import Quarter, last_complete

from .models import EligibilityBasis, ReportingBasis

REASON_MAX_LENGTH = 300
EXEMPT_REASON = "tribal agency: not subject to the EO 13929 Sec. 2(a) requirement"
REPORTING_EXEMPT_REASON = "tribal agency: not subject to Sec. 3(d) reporting"
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
class ReportingRun:
    """An agency's latest unbroken run of Sec. 3 quarterly reports, by the quarters' first days."""

    reported_from: date | None = None
    reported_through: date | None = None


NO_REPORTS = ReportingRun()


@dataclass(frozen=True)
class Condition:
    """One part of the rule: whether it holds, on what basis, and why in words."""

    holds: bool
    basis: str
    reason: str


@dataclass(frozen=True)
class Eligibility:
    """``eligible`` and ``reason`` cover every part that applies; ``basis`` and ``application_id`` are
    the Sec. 2(a) part's; ``reporting`` is the Sec. 3(d) part, None where it does not apply."""

    eligible: bool
    basis: str
    reason: str
    application_id: int | None
    run: ReportingRun = NO_REPORTS
    credentialing: Condition | None = None
    reporting: Condition | None = None


def _day(moment: datetime | None) -> str:
    """The moment's day in the tracker's time zone: a stored reason must not depend on a zone a request
    may have activated (and the default zone is found without the per-request lookup)."""
    if not moment:
        return "an unknown date"
    if timezone.is_aware(moment):
        return human_date(moment.astimezone(timezone.get_default_timezone()).date())
    return human_date(moment)


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


def _credentialing(*, agency_type: str, applications: Iterable[ApplicationFacts], today: date) -> Eligibility:
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


# A pure function of a few values that repeat across agencies (a page of 50 rows, a recompute of thousands
# asks the same few quarters): answered once per process for each.
@lru_cache(maxsize=4096)
def reporting_condition(*, agency_type: str, run: ReportingRun, start: date, today: date) -> Condition:
    """Sec. 3(d): a report (records or a zero report) for every complete quarter from ``start`` on.

    Reports only exist for quarters that have ended, so the run reaches the last complete quarter or
    the latest quarter missing is that one; otherwise the latest missing is the one just before the run.
    """
    if agency_type == AgencyType.TRIBAL:
        return Condition(True, ReportingBasis.EXEMPT, REPORTING_EXEMPT_REASON)
    first = Quarter.of(start)
    last = last_complete(today)
    if first > last:
        return Condition(
            True, ReportingBasis.NOT_YET_DUE, f"no Sec. 3 report due yet: reporting starts with {first}"
        )
    through = Quarter.of(run.reported_through) if run.reported_through else None
    since = Quarter.of(run.reported_from) if run.reported_from else None
    if through is None or since is None or through < last:
        return Condition(False, ReportingBasis.MISSING, f"no Sec. 3 report for {last}")
    if since > first:
        return Condition(False, ReportingBasis.MISSING, f"no Sec. 3 report for {since.previous()}")
    span = f"{first}" if first == last else f"{first} to {last}"
    return Condition(True, ReportingBasis.REPORTED, f"Sec. 3 reports submitted for every quarter, {span}")


def combine(
    *,
    agency_type: str,
    credentialing: Eligibility,
    run: ReportingRun,
    reporting_start: date | None,
    today: date,
) -> Eligibility:
    """The whole rule from its Sec. 2(a) part (as evaluated, or as stored) and the reporting run."""
    part = Condition(credentialing.eligible, credentialing.basis, credentialing.reason)
    if reporting_start is None:
        return Eligibility(part.holds, part.basis, part.reason, credentialing.application_id, run, part, None)
    reporting = reporting_condition(agency_type=agency_type, run=run, start=reporting_start, today=today)
    reason = part.reason if agency_type == AgencyType.TRIBAL else f"{part.reason}; {reporting.reason}"
    return Eligibility(
        part.holds and reporting.holds,
        part.basis,
        reason[:REASON_MAX_LENGTH],
        credentialing.application_id,
        run,
        part,
        reporting,
    )


def evaluate(
    *,
    agency_type: str,
    applications: Iterable[ApplicationFacts],
    today: date,
    run: ReportingRun = NO_REPORTS,
    reporting_start: date | None = None,
) -> Eligibility:
    """The rule: Sec. 2(a) always, Sec. 3(d) from ``reporting_start`` when the program applies it.

    Without a program (``reporting_start`` None) the result is what is stored per agency: the Sec. 2(a)
    flag and the agency's reporting run, from which each program's answer is ``combine``d."""
    credentialing = _credentialing(agency_type=agency_type, applications=applications, today=today)
    return combine(
        agency_type=agency_type,
        credentialing=credentialing,
        run=run,
        reporting_start=reporting_start,
        today=today,
    )
