"""Reads of the grants app: flags, their history, and a program's applicants with why each is eligible."""

from datetime import date, datetime, time
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.rules import is_agency_staff, is_doj
from agencies.models import Agency, AgencyType
from common.generations import GENERATION
from credentialing.models import CertificationStatus, CredentialApplication, CredentialingBody
from credentialing.selectors import CHOICES_GENERATION
from credentialing.states import IN_PROCESS_STATES, ApplicationStatus
from records.quarters import Quarter, last_complete

from .eligibility import Eligibility, ReportingRun, combine
from .models import AgencyEligibility, EligibilityBasis, EligibilityChange, GrantApplicant, GrantProgram

NOT_COMPUTED_REASON = "not yet computed"
NOT_RECORDED_REASON = "no eligibility recorded by then"


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def eligibility_of(agency: Agency) -> AgencyEligibility | None:
    return AgencyEligibility.objects.filter(agency=agency).select_related("application__body").first()


def eligibility_history(agency: Agency) -> QuerySet[EligibilityChange]:
    return EligibilityChange.objects.filter(agency=agency).order_by("-changed_at", "-id")


def eligibility_as_of(agency: Agency, moment: datetime) -> EligibilityChange | None:
    """The flag as it stood at ``moment``: the last change recorded at or before it."""
    return (
        EligibilityChange.objects.filter(agency=agency, changed_at__lte=moment)
        .order_by("-changed_at", "-id")
        .first()
    )


def standing_changes(moment: datetime, *, agencies: QuerySet | None = None) -> QuerySet[EligibilityChange]:
    """The ids of the change in force at ``moment`` for every agency (of the ids ``agencies`` selects, if
    given) that had one: its last change at or before it, in one window pass over the history whatever
    the number of agencies. The one reconstruction of a past flag."""
    changes = EligibilityChange.objects.filter(changed_at__lte=moment)
    if agencies is not None:
        changes = changes.filter(agency_id__in=agencies)
    return (
        changes.order_by()
        .annotate(
            newest=Window(
                RowNumber(), partition_by=[F("agency_id")], order_by=[F("changed_at").desc(), F("id").desc()]
            )
        )
        .filter(newest=1)
        .values("id")
    )


def history_as_of(
    moment: datetime, *, agencies: QuerySet, relation: str = "agency__eligibility_history"
) -> FilteredRelation:
    """A join, through ``relation``, to the row's agency's change in force at ``moment`` (no row when the
    agency had none by then): the set-based form of the history for annotations and aggregates.
    ``agencies`` (the ids of the rows' agencies) keeps the window pass to the agencies in question."""
    standing = Subquery(standing_changes(moment, agencies=agencies))
    return FilteredRelation(relation, condition=Q(**{f"{relation}__id__in": standing}))


def reporting_holds_sql(*, start: date | None, day: date, prefix: str, agency_type: str) -> Expression:
    """``eligibility.reporting_condition(...).holds`` as SQL over the annotated run ``{prefix}reported_from``
    and ``{prefix}reported_through``, so that filters and sorts select what the rule says (checked
    against the rule by the tests)."""
    if start is None:
        return Value(True)
    last = last_complete(day)
    if Quarter.of(start) > last:
        return Value(True)
    holds = Q(**{agency_type: AgencyType.TRIBAL}) | Q(
        **{f"{prefix}reported_through__gte": last.start, f"{prefix}reported_from__lte": start}
    )
    # CASE, not the bare condition: a run that is NULL (never reported) fails rather than being unknown.
    return Case(When(holds, then=Value(True)), default=Value(False), output_field=BooleanField())


def _flag_columns(prefix: str, missing_reason: str, holds: str) -> dict[str, Any]:
    """A flag's columns read through ``prefix`` (the stored flag, or the history row in force then)."""
    return {
        holds: Coalesce(F(f"{prefix}eligible"), Value(False), output_field=BooleanField()),
        "basis": Coalesce(F(f"{prefix}basis"), Value("none"), output_field=CharField()),
        "reason": Coalesce(F(f"{prefix}reason"), Value(missing_reason), output_field=CharField()),
        "reported_from": F(f"{prefix}reported_from"),
        "reported_through": F(f"{prefix}reported_through"),
        "body_name": F(f"{prefix}application__body__name"),
        "body_id": F(f"{prefix}application__body_id"),
        "application_id": F(f"{prefix}application_id"),
    }


def annotate_applicants(
    rows: QuerySet[GrantApplicant], *, program: GrantProgram, as_of: datetime | None = None
) -> QuerySet[GrantApplicant]:
    """Annotate applicants of ``program`` with ``is_eligible`` (every condition the program applies),
    ``credentialing_holds``, ``reporting_holds``, ``basis``, ``reason`` (Sec. 2(a)), ``reported_from``,
    ``reported_through``, ``body_id`` and ``body_name`` (now, or as of ``as_of``) and
    ``eligible_at_deadline``: one query whatever the number of rows. ``program_eligibility`` gives a
    row's full answer in words."""
    agencies = rows.order_by().values("agency_id")
    rows = rows.select_related("agency")
    if as_of is None:
        flag = _flag_columns("agency__eligibility__", NOT_COMPUTED_REASON, "credentialing_holds")
        rows = rows.annotate(**flag)
        day = timezone.localdate()
    else:
        rows = rows.annotate(standing=history_as_of(as_of, agencies=agencies)).annotate(
            **_flag_columns("standing__", NOT_RECORDED_REASON, "credentialing_holds")
        )
        day = timezone.localdate(as_of)
    start = program.reporting_start
    rows = rows.annotate(
        eligibility_day=Value(day, output_field=DateField()),
        reporting_holds=reporting_holds_sql(
            start=start, day=day, prefix="", agency_type="agency__agency_type"
        ),
    ).annotate(
        is_eligible=ExpressionWrapper(
            Q(credentialing_holds=True, reporting_holds=True), output_field=BooleanField()
        )
    )
    return rows.annotate(eligible_at_deadline=eligible_at_deadline(program))


def eligible_at_deadline(program: GrantProgram) -> Coalesce:
    """Whether the outer applicant's agency met both of ``program``'s conditions at the end of its
    deadline day, from the change then in force: one scalar subquery, one probe of
    ``eligibility_history_idx`` a row. Only the sort and the filter by it need it for every row; on a page
    PostgreSQL reads it for the rows it returns (after the limit), so the page does not grow with the
    program or its history."""
    deadline = end_of_day(program.application_deadline)
    start = program.reporting_start
    in_force = EligibilityChange.objects.filter(
        agency_id=OuterRef("agency_id"), changed_at__lte=deadline
    ).order_by("-changed_at", "-id")
    in_force = in_force.annotate(
        reporting_holds=reporting_holds_sql(
            start=start, day=program.application_deadline, prefix="", agency_type="agency__agency_type"
        ),
    )
    holds = in_force.annotate(
        holds=ExpressionWrapper(Q(eligible=True, reporting_holds=True), output_field=BooleanField())
    ).values("holds")[:1]
    # No change by then: not eligible.
    return Coalesce(Subquery(holds), Value(False), output_field=BooleanField())


def program_eligibility(
    row: GrantApplicant, *, program: GrantProgram, day: date | None = None
) -> Eligibility:
    """An annotated applicant's answer for ``program`` in words, both parts, from the same rule."""
    stored = Eligibility(row.credentialing_holds, row.basis, row.reason, None)  # type: ignore[attr-defined]
    return combine(
        agency_type=row.agency.agency_type,
        credentialing=stored,
        run=ReportingRun(row.reported_from, row.reported_through),  # type: ignore[attr-defined]
        reporting_start=program.reporting_start,
        today=row.eligibility_day,  # type: ignore[attr-defined]
    )


# An annotated applicant as plain values: what the list pages show, without building model instances.
APPLICANT_VALUES = (
    "id",
    "agency_id",
    "agency__name",
    "agency__ori",
    "agency__state",
    "agency__agency_type",
    "amount_requested",
    "is_eligible",
    "basis",
    "reason",
    "credentialing_holds",
    "reporting_holds",
    "reported_from",
    "reported_through",
    "body_id",
    "body_name",
    "eligible_at_deadline",
    "eligibility_day",
)


def applicant_values(rows: QuerySet[GrantApplicant]) -> QuerySet:
    """Annotated applicant rows (``annotate_applicants``) as dicts of ``APPLICANT_VALUES``, and
    ``sec4_met`` where the rows carry the Sec. 4 priority (``grants.priority.annotate_sec4``)."""
    extra = ("sec4_met",) if "sec4_met" in rows.query.annotations else ()
    return rows.values(*APPLICANT_VALUES, *extra)


def program_eligibility_of_values(row: dict[str, Any], *, program: GrantProgram) -> Eligibility:
    """``program_eligibility`` of a row of ``applicant_values``: the same rule, the same words."""
    stored = Eligibility(row["credentialing_holds"], row["basis"], row["reason"], None)
    return combine(
        agency_type=row["agency__agency_type"],
        credentialing=stored,
        run=ReportingRun(row["reported_from"], row["reported_through"]),
        reporting_start=program.reporting_start,
        today=row["eligibility_day"],
    )


def programs_with_generation() -> QuerySet[GrantProgram]:
    """Programs carrying ``count_generation`` and ``choices_generation``, read in the query that fetches
    the program anyway: what their applicant lists' cached counts are keyed by
    (``grants.filters.applicant_counts``), and their filter form (``web.filter_forms``)."""
    return GrantProgram.objects.annotate(count_generation=GENERATION, choices_generation=CHOICES_GENERATION)


def applicants_of(program: GrantProgram, *, as_of: datetime | None = None) -> QuerySet[GrantApplicant]:
    """The program's applicants, annotated as ``annotate_applicants`` says."""
    return annotate_applicants(GrantApplicant.objects.filter(program=program), program=program, as_of=as_of)


def annotate_agencies(rows: QuerySet[Agency], *, as_of: datetime | None = None) -> QuerySet[Agency]:
    """Annotate agencies like ``annotate_applicants`` rows (``is_eligible``, ``basis``, ``reason``,
    ``body_id``, ``body_name``, ``application_id``, ``changed_at``), now or as it stood at ``as_of``:
    one query whatever the number of rows."""
    if as_of is None:
        return rows.annotate(
            **_flag_columns("eligibility__", NOT_COMPUTED_REASON, "is_eligible"),
            changed_at=F("eligibility__changed_at"),
        )

    standing = history_as_of(as_of, agencies=rows.order_by().values("pk"), relation="eligibility_history")
    return rows.annotate(standing=standing).annotate(
        **_flag_columns("standing__", NOT_RECORDED_REASON, "is_eligible"),
        changed_at=F("standing__changed_at"),
    )


def eligibility_visible_to(user) -> QuerySet[Agency]:
    """Whose flags a user may read: DOJ staff every agency's, an agency's staff their own."""
    if is_doj(user):
        return Agency.objects.all()
    if is_agency_staff(user):
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


def agencies_with_eligibility(*, as_of: datetime | None = None) -> QuerySet[Agency]:
    return annotate_agencies(Agency.objects.all(), as_of=as_of)


def _counting_applications(today: date) -> QuerySet[CredentialApplication]:
    """Applications that make their agency eligible while their body is certified: the rule's in-process
    states and credentials still valid today (``eligibility.evaluate``)."""
    return CredentialApplication.objects.filter(
        Q(status__in=IN_PROCESS_STATES) | Q(status=ApplicationStatus.APPROVED, expires_on__gt=today)
    )


def agencies_eligible_only_through(body_id: int, *, today: date | None = None) -> QuerySet[Agency]:
    """Agencies whose flag rests on an application to this body, with no other certified body's
    application to fall back on: those a suspension or revocation makes ineligible."""
    counting = _counting_applications(today or timezone.localdate())
    elsewhere = counting.filter(
        agency_id=OuterRef("pk"), body__certification_status=CertificationStatus.CERTIFIED
    ).exclude(body_id=body_id)
    return Agency.objects.filter(
        eligibility__eligible=True,
        eligibility__basis__in=[EligibilityBasis.CREDENTIALED, EligibilityBasis.IN_PROCESS],
        eligibility__application__body_id=body_id,
    ).filter(~Exists(elsewhere))


def agencies_eligible_once_certified(body_id: int, *, today: date | None = None) -> QuerySet[Agency]:
    """Agencies not eligible today that an application to this body would make eligible once the body
    is certified: those a certification or reinstatement makes eligible."""
    counting = _counting_applications(today or timezone.localdate())
    return (
        Agency.objects.exclude(agency_type=AgencyType.TRIBAL)
        .filter(Exists(counting.filter(agency_id=OuterRef("pk"), body_id=body_id)))
        .exclude(eligibility__eligible=True)
    )


def agencies_changed_by(body: CredentialingBody, target_status: str) -> QuerySet[Agency]:
    """The agencies whose eligibility moves when the body's certification becomes ``target_status``,
    by name, each row annotated with ``total`` (the whole set's size) so that a page of names and the
    count cost one query."""
    currently = body.certification_status == CertificationStatus.CERTIFIED
    if target_status == CertificationStatus.CERTIFIED and not currently:
        rows = agencies_eligible_once_certified(body.pk)
    elif currently and target_status != CertificationStatus.CERTIFIED:
        rows = agencies_eligible_only_through(body.pk)
    else:
        rows = Agency.objects.none()
    return rows.annotate(total=Window(Count("pk"))).order_by("name", "pk")


def agencies_of_body(body_id: int) -> QuerySet[Agency]:
    """The agencies with an application to the body, each with its current flag (``annotate_agencies``)."""
    applied = CredentialApplication.objects.filter(body_id=body_id).values("agency_id")
    return annotate_agencies(Agency.objects.filter(pk__in=applied)).order_by("name", "pk")
