"""Reads of the reporting app: lists, annual reports and the national repository."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from accounts.rules import is_certifier, is_doj_administrator
from agencies.models import Agency, AgencyType
from credentialing.dates import today
from credentialing.models import CredentialApplication, CredentialingBody, TransitionLog
from credentialing.states import ApplicationStatus
from grants.selectors import annotate_agencies, end_of_day

from .models import AnnualReport, BulkList, BulkListRow
from .refusals import RowRefusal
from .schedule import current_report_year as current_report_year  # re-exported: its home is .schedule
from .schedule import report_opens as report_opens
from .schedule import report_period, report_standings_of

# --- bulk lists ----------------------------------------------------------------------------------


def lists_visible_to(user: User) -> QuerySet[BulkList]:
    """A certifier sees the lists of their own body; nobody else sees any."""
    if is_certifier(user):
        return BulkList.objects.filter(body_id=user.credentialing_body_id).select_related(
            "uploaded_by", "committed_by", "body"
        )
    return BulkList.objects.none()


def rows_of(bulk_list: BulkList) -> QuerySet[BulkListRow]:
    return bulk_list.rows.select_related("agency").order_by("line")


@dataclass(frozen=True)
class RefusalCount:
    kind: str
    label: str
    count: int


def refused_by_kind(bulk_list: BulkList) -> list[RefusalCount]:
    """The list's refused rows counted by kind of reason, in the kinds' order (from the list's own row)."""
    counts = bulk_list.refusal_counts or {}
    return [
        RefusalCount(kind, str(label), counts[kind]) for kind, label in RowRefusal.choices if counts.get(kind)
    ]


# --- annual reports ------------------------------------------------------------------------------


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _type_label(code: str) -> str:
    return str(AgencyType(code).label) if code in AgencyType.values else code


def _last_valid_day(app: CredentialApplication) -> date:
    assert app.expires_on is not None
    return app.expires_on - timedelta(days=1)


def _entry(kind: str, app: CredentialApplication, on: date) -> dict[str, Any]:
    last_day = app.expires_on - timedelta(days=1) if app.expires_on else None
    return {
        "event": kind,
        "on": on.isoformat(),
        "ori": app.agency.ori,
        "agency": app.agency.name,
        "agency_type": _type_label(app.agency.agency_type),
        "state": app.agency.state,
        "application": app.reference,
        "determination_date": app.determination_date.isoformat() if app.determination_date else None,
        "valid_through": last_day.isoformat() if last_day else None,
    }


def annual_report_entries(body: CredentialingBody, year: int, *, as_of: date | None = None) -> list[dict]:
    """What the body certified in the report's period, and which of its credentials were revoked or ran
    out, up to ``as_of`` (at most January 31): three queries, sorted by event, date and ORI."""
    start, end = report_period(year)
    last = min(end, as_of or end)
    if last < start:
        return []
    window = {"at__gte": _start(start), "at__lte": end_of_day(last)}
    entries: list[dict] = []
    for kind, target in (("certified", ApplicationStatus.APPROVED), ("revoked", ApplicationStatus.REVOKED)):
        changes = TransitionLog.objects.filter(
            application__body=body, to_status=target, **window
        ).select_related("application__agency")
        entries += [_entry(kind, t.application, timezone.localdate(t.at)) for t in changes]
    # A credential runs out the day before ``expires_on``; one revoked first is not counted again.
    ran_out = CredentialApplication.objects.filter(
        body=body,
        status__in=[ApplicationStatus.APPROVED, ApplicationStatus.EXPIRED],
        expires_on__gt=start,
        expires_on__lte=last + timedelta(days=1),
    ).select_related("agency")
    entries += [_entry("expired", app, _last_valid_day(app)) for app in ran_out]
    order = {"certified": 0, "revoked": 1, "expired": 2}
    return sorted(entries, key=lambda e: (order[e["event"]], e["on"], e["ori"], e["application"]))


def reports_visible_to(user: User) -> QuerySet[AnnualReport]:
    if is_doj_administrator(user):
        return AnnualReport.objects.select_related("body", "submitted_by")
    if is_certifier(user):
        return AnnualReport.objects.filter(body_id=user.credentialing_body_id).select_related(
            "body", "submitted_by"
        )
    return AnnualReport.objects.none()


def report_bodies_visible_to(user: User) -> QuerySet[CredentialingBody]:
    """The bodies whose annual reports ``user`` follows: a certifier their own, DOJ administrators all."""
    if is_doj_administrator(user):
        return CredentialingBody.objects.all()
    if is_certifier(user) and user.credentialing_body_id is not None:
        return CredentialingBody.objects.filter(pk=user.credentialing_body_id)
    return CredentialingBody.objects.none()


def report_standings(year: int, *, day: date | None = None) -> QuerySet[CredentialingBody]:
    """Every body that owes the report due January 31 of ``year`` (or sent it), with where it stands."""
    return report_standings_of(CredentialingBody.objects.all(), years=[year], day=day)


# --- the national repository ---------------------------------------------------------------------


def national_repository(*, on: date | None = None) -> QuerySet[Agency]:
    """Every agency eligible at the end of ``on`` (default: now), with its body, basis and, when
    credentialed, the determination date and last valid day: one query, from the flags for today and
    from the eligibility history for a past day (``grants.selectors.annotate_agencies``)."""
    moment = None if on is None or on >= today() else end_of_day(on)
    rows = annotate_agencies(Agency.objects.all(), as_of=moment).filter(
        is_eligible=True  # type: ignore[misc]  # an annotation, which the stubs cannot see
    )
    credential = CredentialApplication.objects.filter(pk=OuterRef("application_id"))
    return rows.annotate(
        determination_date=Subquery(credential.values("determination_date")[:1]),
        expires_on=Subquery(credential.values("expires_on")[:1]),
    ).order_by("state", "name", "ori")


def repository_row_expires(row: Any) -> date | None:
    return row.expires_on - timedelta(days=1) if row.basis == "credentialed" and row.expires_on else None
