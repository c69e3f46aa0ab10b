"""Reads of the grants app: flags, their history, and a program's applicants with why each is eligible."""

from datetime import date, datetime, time

from django.db.models import BooleanField, CharField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.rules import is_agency_staff, is_doj
from agencies.models import Agency

from .models import AgencyEligibility, EligibilityChange, GrantApplicant, GrantProgram

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


def _history_at(moment: datetime, field: str) -> Subquery:
    return Subquery(
        EligibilityChange.objects.filter(agency_id=OuterRef("agency_id"), changed_at__lte=moment)
        .order_by("-changed_at", "-id")
        .values(field)[:1]
    )


def annotate_applicants(
    rows: QuerySet[GrantApplicant], *, program: GrantProgram, as_of: datetime | None = None
) -> QuerySet[GrantApplicant]:
    """Annotate applicants of ``program`` with ``is_eligible``, ``basis``, ``reason``, ``body_id`` and
    ``body_name`` (now, or as of ``as_of``) and ``eligible_at_deadline``: one query whatever the number
    of rows."""
    rows = rows.select_related("agency")
    if as_of is None:
        rows = rows.annotate(
            is_eligible=Coalesce(
                F("agency__eligibility__eligible"), Value(False), output_field=BooleanField()
            ),
            basis=Coalesce(F("agency__eligibility__basis"), Value("none"), output_field=CharField()),
            reason=Coalesce(
                F("agency__eligibility__reason"), Value(NOT_COMPUTED_REASON), output_field=CharField()
            ),
            body_name=F("agency__eligibility__application__body__name"),
            body_id=F("agency__eligibility__application__body_id"),
        )
    else:
        rows = rows.annotate(
            is_eligible=Coalesce(_history_at(as_of, "eligible"), Value(False), output_field=BooleanField()),
            basis=Coalesce(_history_at(as_of, "basis"), Value("none"), output_field=CharField()),
            reason=Coalesce(
                _history_at(as_of, "reason"),
                Value(NOT_RECORDED_REASON),
                output_field=CharField(),
            ),
            body_name=_history_at(as_of, "application__body__name"),
            body_id=_history_at(as_of, "application__body_id"),
        )
    deadline = end_of_day(program.application_deadline)
    return rows.annotate(
        eligible_at_deadline=Coalesce(
            _history_at(deadline, "eligible"), Value(False), output_field=BooleanField()
        ),
    )


def applicants_of(program: GrantProgram, *, as_of: datetime | None = None) -> QuerySet[GrantApplicant]:
    """The program's applicants, annotated as ``annotate_applicants`` says."""
    return annotate_applicants(GrantApplicant.objects.filter(program=program), program=program, as_of=as_of)


def annotate_agencies(rows: QuerySet[Agency], *, as_of: datetime | None = None) -> QuerySet[Agency]:
    """Annotate agencies like ``annotate_applicants`` rows (``is_eligible``, ``basis``, ``reason``,
    ``body_id``, ``body_name``, ``changed_at``), now or as it stood at ``as_of``: one query whatever the
    number of rows."""
    if as_of is None:
        return rows.annotate(
            is_eligible=Coalesce(F("eligibility__eligible"), Value(False), output_field=BooleanField()),
            basis=Coalesce(F("eligibility__basis"), Value("none"), output_field=CharField()),
            reason=Coalesce(F("eligibility__reason"), Value(NOT_COMPUTED_REASON), output_field=CharField()),
            body_name=F("eligibility__application__body__name"),
            body_id=F("eligibility__application__body_id"),
            changed_at=F("eligibility__changed_at"),
        )

    def at(field: str) -> Subquery:
        return Subquery(
            EligibilityChange.objects.filter(agency_id=OuterRef("pk"), changed_at__lte=as_of)
            .order_by("-changed_at", "-id")
            .values(field)[:1]
        )

    return rows.annotate(
        is_eligible=Coalesce(at("eligible"), Value(False), output_field=BooleanField()),
        basis=Coalesce(at("basis"), Value("none"), output_field=CharField()),
        reason=Coalesce(at("reason"), Value(NOT_RECORDED_REASON), output_field=CharField()),
        body_name=at("application__body__name"),
        body_id=at("application__body_id"),
        changed_at=at("changed_at"),
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
