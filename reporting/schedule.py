"""When a credentialing body's annual report is due, and where each one stands.

The one rule (``owes_report``): a body owes DOJ the report due January 31 of a year when the Attorney
General first certified it on or before that day, and, if the certification was later revoked, not before
the first day of the report's period (it still reports the months it was certified). A reinstatement does
not restart the schedule. No report is due, late or accepted for a year before the certification.

Every list of standings (a certifier's years, DOJ's overview, the API, the downloads) is built here, in
SQL, so it costs the same two queries (count and page) whatever the number of bodies and years.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models import IntegerField as IntegerDbField
from django.db.models.functions import Coalesce
from django.utils import timezone

from credentialing.dates import today
from credentialing.models import BodyCertificationEvent, CertificationStatus, CredentialingBody
from grants.selectors import end_of_day

from .models import AnnualReport

FIRST_REPORT_YEAR = 2021  # the first January 31 of the order's program (FY2021 funds)


class Standing:
    """Where one body's report for one year stands (the values the filters and the API use)."""

    SUBMITTED = "submitted"
    SUBMITTED_LATE = "submitted_late"
    LATE = "late"
    NOT_YET_DUE = "not_yet_due"
    LABELS = {
        SUBMITTED: "Submitted on time",
        SUBMITTED_LATE: "Submitted late",
        LATE: "Late",
        NOT_YET_DUE: "Not yet due",
    }
    CHOICES = list(LABELS.items())


def report_period(year: int) -> tuple[date, date]:
    """The year a report covers: the twelve months to January 31 of ``year``, the day it is due."""
    return date(year - 1, 2, 1), date(year, 1, 31)


def report_opens(year: int) -> date:
    """A body may send its report from the first of January, the last month of its period."""
    return date(year, 1, 1)


def current_report_year(day: date | None = None) -> int:
    """The report whose period contains ``day``: in February 2027 that is the one due January 31, 2028."""
    current = day or today()
    return current.year if current.month == 1 else current.year + 1


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def owes_report(year: int) -> Q:
    """THE rule: the bodies that owe DOJ the report due January 31 of ``year``.

    ``certified_on`` moves to the day of a reinstatement, so the first certification is read from the
    certification log as well; either one on or before the due day makes the report due."""
    start, due = report_period(year)
    certified_by_then = Exists(
        BodyCertificationEvent.objects.filter(
            body=OuterRef("pk"), to_status=CertificationStatus.CERTIFIED, at__lte=end_of_day(due)
        )
    )
    revoked_before_period = Q(
        certification_status=CertificationStatus.REVOKED, certification_changed_at__lt=_start(start)
    )
    return (Q(certified_on__lte=due) | certified_by_then) & ~revoked_before_period


def years_to_show(day: date | None = None) -> range:
    """Every report year from the program's first to the one running now (newest is not yet due)."""
    return range(FIRST_REPORT_YEAR, current_report_year(day) + 1)


def _standings_of_year(
    bodies: QuerySet[CredentialingBody], year: int, day: date, states: Sequence[str]
) -> QuerySet[CredentialingBody]:
    due = report_period(year)[1]
    report = AnnualReport.objects.filter(body=OuterRef("pk"), year=year).order_by()
    rows = (
        # A report submitted before this rule existed stays visible even where it was not due.
        bodies.filter(owes_report(year) | Exists(report))
        .order_by()
        .annotate(
            report_year=Value(year, output_field=IntegerDbField()),
            report_id=Subquery(report.values("pk")[:1]),
            submitted_at=Subquery(report.values("submitted_at")[:1]),
            submitted_by_name=Coalesce(Subquery(report.values("submitted_by__username")[:1]), Value("")),
        )
        .annotate(
            standing=Case(
                When(submitted_at__lte=end_of_day(due), then=Value(Standing.SUBMITTED)),
                When(submitted_at__isnull=False, then=Value(Standing.SUBMITTED_LATE)),
                default=Value(Standing.LATE if day > due else Standing.NOT_YET_DUE),
            )
        )
    )
    return rows.filter(standing__in=states) if states else rows


def report_standings_of(
    bodies: QuerySet[CredentialingBody],
    *,
    years: Iterable[int] | None = None,
    states: Sequence[str] = (),
    day: date | None = None,
) -> QuerySet[CredentialingBody]:
    """One row per body and report year the body owes (or reported anyway): the body with ``report_year``,
    ``standing``, ``report_id``, ``submitted_at`` and ``submitted_by_name``; newest year first, then by
    body name. ``states`` keeps only those standings."""
    current = day or today()
    parts = [_standings_of_year(bodies, y, current, states) for y in (years or years_to_show(current))]
    if not parts:
        return bodies.none()
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by(F("report_year").desc(), "name", "id")


def owes(body: CredentialingBody, year: int) -> bool:
    """Whether ``body`` owes the report due January 31 of ``year`` (the rule above, for one body)."""
    return CredentialingBody.objects.filter(pk=body.pk).filter(owes_report(year)).exists()


def first_certified(body: CredentialingBody) -> date | None:
    """The day the Attorney General first certified ``body`` (for messages), or None."""
    first = (
        BodyCertificationEvent.objects.filter(body=body, to_status=CertificationStatus.CERTIFIED)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    days = [d for d in (body.certified_on, timezone.localdate(first) if first else None) if d]
    return min(days) if days else None


def why_not_owed(body: CredentialingBody, year: int) -> str:
    """Why ``body`` owes no report for ``year``, in words (when ``owes`` says it does not)."""
    first = first_certified(body)
    if first is None:
        return f"{body.name} owes no annual report: the Attorney General has not certified it."
    if year >= current_report_year(first) and body.certification_changed_at:
        ended = timezone.localdate(body.certification_changed_at)
        return (
            f"{body.name} owes no report due January 31, {year}: its AG certification was revoked on "
            f"{ended:%B} {ended.day}, {ended.year}."
        )
    return (
        f"{body.name} owes no report due January 31, {year}: the Attorney General certified it on "
        f"{first:%B} {first.day}, {first.year}; its first report is due January 31, "
        f"{current_report_year(first)}."
    )


def next_step(standing: str, year: int, *, for_certifier: bool, day: date | None = None) -> str:
    """What happens next for the report due January 31 of ``year``, in words, for its body's certifier
    or for DOJ; empty once it is sent."""
    due = report_period(year)[1]
    if standing == Standing.LATE:
        if for_certifier:
            return "Review the report and submit it now."
        return "Ask the body's certifiers to submit it."
    if standing == Standing.NOT_YET_DUE:
        opens = report_opens(year)
        if (day or today()) < opens:
            return f"Submit it between {opens:%B} 1 and {due:%B} 31, {year}."
        return f"Review and submit it by {due:%B} 31, {year}." if for_certifier else "None until it is due."
    return ""  # sent: DOJ has it, nothing is left to do
