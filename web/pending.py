"""What needs each role now: the counts on the role's home, each with the address of the list that shows
exactly the rows counted. Reads only, from the apps' own selectors; a fixed number of queries per role
whatever the number of rows (tests/web/test_homes.py asserts it)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import User
from agencies.models import Agency
from common.humanize import human_date
from credentialing.dates import today
from credentialing.models import CertificationStatus, CredentialApplication, CredentialingBody
from credentialing.selectors import applications_visible_to
from credentialing.states import ApplicationStatus
from grants.dashboard import count_rows
from grants.models import GrantProgram
from grants.selectors import applicants_of
from notifications.selectors import delivery_summary, unread_count
from records.models import ProcessStatus
from records.selectors import QuarterDue, quarters_due, records_visible_to
from reporting.models import BulkList
from reporting.schedule import Standing, report_standings_of
from reporting.selectors import (
    current_report_year,
    lists_visible_to,
    report_opens,
    report_period,
)


def lists_to_commit(lists: QuerySet[BulkList]) -> QuerySet[BulkList]:
    """Uploaded lists with rows ready to approve that nobody has committed yet."""
    return lists.filter(committed_at__isnull=True, ready_count__gt=0)


def quarters_shown(quarters: list[QuarterDue], show: str) -> list[QuarterDue]:
    """``overdue``: unreported past the grace days; ``due``: unreported, still within them."""
    if show == "overdue":
        return [q for q in quarters if q.overdue]
    if show == "due":
        return [q for q in quarters if q.report is None and not q.overdue]
    return quarters


# The certifier's queue rows that wait on the body, and how the queue is asked for exactly them.
WAITING_ON_BODY = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
OLDEST_SHOWN = 5
PROGRAMS_SHOWN = 8


@dataclass(frozen=True)
class Pending:
    """One count of work waiting, in words, with the list of exactly those rows."""

    key: str
    label: str
    count: int
    url: str
    hint: str = ""
    urgent: bool = False


@dataclass
class Home:
    items: list[Pending]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def waiting(self) -> int:
        return sum(item.count for item in self.items)


def _url(name: str, params: dict[str, Any] | list[tuple[str, str]] | None = None, **kwargs: Any) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def _unread(user: User) -> Pending:
    return Pending(
        "unread",
        "Unread notifications",
        unread_count(user),
        _url("notification_list", {"show": "unread"}),
    )


def days_waiting(application: CredentialApplication, on: date) -> int:
    return (on - timezone.localdate(application.status_changed_at)).days


# --- agency staff ----------------------------------------------------------------------------------


def agency_home(user: User, agency: Agency) -> Home:
    """Applications that need the agency, Sec. 3 quarterly reports due or overdue, unread notices: three
    queries."""
    counts = applications_visible_to(user).aggregate(
        returned=Count("pk", filter=Q(status=ApplicationStatus.RETURNED)),
        drafts=Count("pk", filter=Q(status=ApplicationStatus.DRAFT)),
    )
    quarters = quarters_due(agency)
    overdue = quarters_shown(quarters, "overdue")
    due = quarters_shown(quarters, "due")
    items = [
        Pending(
            "returned",
            "Applications returned for more information",
            counts["returned"],
            _url("agency_dashboard", {"status": ApplicationStatus.RETURNED}),
            hint="Answer the body's questions and submit again.",
            urgent=bool(counts["returned"]),
        ),
        Pending(
            "drafts",
            "Draft applications not yet submitted",
            counts["drafts"],
            _url("agency_dashboard", {"status": ApplicationStatus.DRAFT}),
            hint="A draft does not count towards eligibility until it is submitted.",
        ),
        Pending(
            "reports_overdue",
            "Sec. 3 quarterly reports overdue",
            len(overdue),
            _url("sec3_reports", {"show": "overdue"}),
            hint="A program applying Sec. 3(d) counts the agency not eligible until they are submitted.",
            urgent=bool(overdue),
        ),
        Pending(
            "reports_due",
            "Sec. 3 quarterly reports due",
            len(due),
            _url("sec3_reports", {"show": "due"}),
            hint="Submit the quarter's records or a zero report.",
        ),
        _unread(user),
    ]
    return Home(items, {"overdue_quarters": overdue})


# --- certifiers ------------------------------------------------------------------------------------


def certifier_home(user: User) -> Home:
    """Reviews waiting on the body (oldest first, with days waiting), those assigned to me, lists to
    commit, the annual report due, unread notices: six queries."""
    body = user.credentialing_body
    assert body is not None
    waiting = applications_visible_to(user).filter(status__in=WAITING_ON_BODY)
    counts = waiting.aggregate(total=Count("pk"), mine=Count("pk", filter=Q(assigned_to=user)))
    on = today()
    oldest = list(waiting.select_related("agency").order_by("status_changed_at", "id")[:OLDEST_SHOWN])
    for application in oldest:
        application.days_waiting = days_waiting(application, on)  # type: ignore[attr-defined]
    queue = [("status", s.value) for s in WAITING_ON_BODY] + [("ordering", "waiting")]
    lists = lists_to_commit(lists_visible_to(user)).count()
    year = current_report_year(on)
    # The body's last two report years, as the one schedule rule has them (none before its certification).
    rows = report_standings_of(CredentialingBody.objects.filter(pk=body.pk), years=[year - 1, year], day=on)
    reports = []
    annotated: list[Any] = list(rows)  # rows carry report_year and standing (annotations)
    for report_year, standing in sorted((r.report_year, r.standing) for r in annotated):
        late = standing == Standing.LATE
        if late or (standing == Standing.NOT_YET_DUE and on >= report_opens(report_year)):
            reports.append(
                Pending(
                    f"annual_{report_year}",
                    f"Annual report {report_year} " + ("late" if late else "to submit"),
                    1,
                    _url("annual_report_detail", year=report_year),
                    hint=f"Due {human_date(report_period(report_year)[1])}: the agencies the body certified.",
                    urgent=late,
                )
            )
    items = [
        Pending(
            "waiting",
            "Reviews waiting on the body",
            counts["total"],
            _url("review_queue", queue),
            hint="Submitted or under review, oldest first.",
        ),
        Pending(
            "mine",
            "Assigned to me",
            counts["mine"],
            _url("review_queue", [*queue, ("assigned", "me")]),
        ),
        Pending(
            "lists",
            "Bulk lists to commit",
            lists,
            _url("bulk_lists", {"show": "to_commit"}),
            hint="Uploaded, checked, and not yet turned into approvals.",
        ),
        *reports,
        _unread(user),
    ]
    return Home(items, {"oldest": oldest, "waiting_url": _url("review_queue", queue)})


# --- DOJ credentialing administrators ----------------------------------------------------------------


def administrator_home(user: User) -> Home:
    """Bodies pending or suspended, late annual reports, undelivered e-mail, Sec. 3 records under appeal
    (whose status DOJ corrects when the appeal ends), unread notices: six queries."""
    bodies = CredentialingBody.objects.aggregate(
        pending=Count("pk", filter=Q(certification_status=CertificationStatus.PENDING)),
        suspended=Count("pk", filter=Q(certification_status=CertificationStatus.SUSPENDED)),
    )
    year = current_report_year() - 1  # the latest report whose due date has passed
    late = report_standings_of(CredentialingBody.objects.all(), years=[year], states=[Standing.LATE]).count()
    mail = delivery_summary()
    appeals = records_visible_to(user).filter(process_status=ProcessStatus.UNDER_APPEAL).count()
    items = [
        Pending(
            "bodies_pending",
            "Bodies waiting for AG certification",
            bodies["pending"],
            _url("body_list", {"certification_status": CertificationStatus.PENDING}),
        ),
        Pending(
            "bodies_suspended",
            "Bodies suspended",
            bodies["suspended"],
            _url("body_list", {"certification_status": CertificationStatus.SUSPENDED}),
            hint="Their agencies' applications do not count while the suspension lasts.",
            urgent=bool(bodies["suspended"]),
        ),
        Pending(
            "reports_late",
            f"Annual reports late (due {human_date(report_period(year)[1])})",
            late,
            _url("annual_report_overview", {"year": year, "standing": "late"}),
            hint="Bodies certified by the Attorney General that have not sent their list to DOJ.",
            urgent=bool(late),
        ),
        Pending(
            "undelivered",
            "E-mail not delivered",
            sum(mail.values()),
            _url("notification_delivery"),
            hint="Waiting for the mail server, or refused.",
        ),
        Pending(
            "appeals",
            "Sec. 3 records under appeal",
            appeals,
            _url("sec3_records", {"status": ProcessStatus.UNDER_APPEAL}),
            hint="Correct the status once the appeal is decided.",
        ),
        _unread(user),
    ]
    return Home(items)


# --- DOJ grant officers ----------------------------------------------------------------------------


def officer_home(user: User) -> Home:
    """Programs still open, soonest deadline first, each with its applicants and how many are eligible
    now; unread notices: at most ``PROGRAMS_SHOWN`` + 3 queries."""
    on = today()
    open_programs = GrantProgram.objects.filter(application_deadline__gte=on).order_by(
        "application_deadline", "name", "id"
    )
    programs = list(open_programs[:PROGRAMS_SHOWN])
    rows = []
    for program in programs:
        counts = count_rows(applicants_of(program))
        rows.append(
            {
                "program": program,
                "days_left": (program.application_deadline - on).days,
                "applicants": counts.total,
                "eligible": counts.by_status["eligible"],
                "eligible_url": _url("program_applicants", {"eligible": "yes"}, pk=program.pk),
                "applicants_url": _url("program_applicants", pk=program.pk),
            }
        )
    items = [_unread(user)]
    return Home(items, {"programs": rows, "open_count": open_programs.count()})
