"""The filters of the grants lists: a program's applicants, agencies' eligibility, the programs.

Both the web pages and the API use these FilterSets, so the same query string selects the same rows in
the same order everywhere (``as_of`` included), and both refuse what they do not understand.
"""

import hashlib
from typing import Any

import django_filters
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from agencies.models import Agency, AgencyType
from agencies.states import State
from common.days import ReadingDayFilter
from common.filtering import (
    IdFilter,
    ListFilterSet,
    SortFilter,
    SortKey,
    YesNoFilter,
)
from common.generations import GENERATION
from credentialing.models import CredentialingBody

from .models import EligibilityBasis, GrantApplicant, GrantProgram, ProgramKind
from .priority import annotate_sec4
from .reasons import CHOICES as REASON_CHOICES
from .reasons import reason_kind
from .selectors import annotate_agencies, annotate_applicants, end_of_day

APPLICANT_SORTS = [
    # The program's own copy of the name: a page walks this program's rows, not the national index.
    SortKey("name", ("agency_name",), "Agency name"),
    SortKey("ori", ("agency__ori",), "ORI"),
    SortKey("state", ("agency__state",), "State"),
    SortKey("type", ("agency__agency_type",), "Agency type"),
    SortKey("amount", ("amount_requested",), "Amount requested"),
    SortKey("eligible", ("is_eligible",), "Eligible now"),
    SortKey("deadline", ("eligible_at_deadline",), "Eligible at deadline"),
    SortKey("body", ("body_name",), "Credentialing body"),
    SortKey("sec4", ("sec4_met",), "Sec. 4 priority"),
]
ELIGIBILITY_SORTS = [
    SortKey("name", ("name",), "Agency name"),
    SortKey("ori", ("ori",), "ORI"),
    SortKey("state", ("state",), "State"),
    SortKey("type", ("agency_type",), "Agency type"),
    SortKey("eligible", ("is_eligible",), "Eligible"),
    SortKey("body", ("body_name",), "Credentialing body"),
]


def _bodies(request: Any = None) -> QuerySet[CredentialingBody]:
    return CredentialingBody.objects.order_by("name", "id")


class _AsOfFilterSet(ListFilterSet):
    """``as_of`` changes what the rows say (their annotations from the history), not which rows."""

    eligible = YesNoFilter(
        field_name="is_eligible", label="Eligible now", yes_label="Eligible", no_label="Not eligible"
    )
    basis = django_filters.ChoiceFilter(
        field_name="basis",
        choices=EligibilityBasis.choices,
        label="Basis",
        empty_label="- Any -",
        help_text="What the eligibility rests on (then, with an as-of date).",
    )
    reason = django_filters.ChoiceFilter(
        choices=REASON_CHOICES,
        method="by_reason",
        label="Kind of reason",
        empty_label="- Any -",
        help_text="Why the agency is or is not eligible, grouped by kind.",
    )
    credentialing_body = django_filters.ModelChoiceFilter(
        queryset=_bodies,
        method="by_body",
        label="Credentialing body",
        empty_label="- Any -",
        help_text="The body the eligibility rests on.",
    )
    as_of = ReadingDayFilter(
        method="keep",
        label="Eligibility as of",
        help_text="As it stood at the end of this day (from the history); blank for now.",
    )

    def by_reason(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.annotate(reason_kind=reason_kind()).filter(reason_kind=value)

    def by_body(self, queryset: QuerySet, name: str, value: CredentialingBody) -> QuerySet:
        return queryset.filter(body_id=value.pk)

    def moment(self) -> Any:
        day = self.form.cleaned_data.get("as_of")
        return end_of_day(day) if day else None


class ApplicantFilter(_AsOfFilterSet):
    eligible_at_deadline = YesNoFilter(
        field_name="eligible_at_deadline",
        label="Eligible at the deadline",
        yes_label="Eligible",
        no_label="Not eligible",
    )
    credentialing = YesNoFilter(
        field_name="credentialing_holds",
        label="Sec. 2(a) credentialing",
        yes_label="Holds",
        no_label="Fails",
    )
    reporting = YesNoFilter(
        field_name="reporting_holds",
        label="Sec. 3(d) reporting",
        yes_label="Holds or not required",
        no_label="Fails",
    )
    sec4 = YesNoFilter(
        field_name="sec4_met",
        label="Sec. 4 priority",
        yes_label="Met",
        no_label="Not met",
        help_text="A co-responder or community-support program active on the day (never a condition).",
    )
    state = django_filters.ChoiceFilter(
        field_name="agency__state", choices=State.choices, empty_label="- Any -"
    )
    agency_type = django_filters.ChoiceFilter(
        field_name="agency__agency_type",
        choices=AgencyType.choices,
        label="Agency type",
        empty_label="- Any -",
    )
    ordering = SortFilter(keys=APPLICANT_SORTS, default="name")
    ordering_aliases = {
        "agency__name": "name",
        "agency__ori": "ori",
        "agency__state": "state",
        "amount_requested": "amount",
        "is_eligible": "eligible",
    }

    class Meta:
        model = GrantApplicant
        fields = [
            "eligible",
            "eligible_at_deadline",
            "credentialing",
            "reporting",
            "sec4",
            "basis",
            "reason",
            "state",
            "agency_type",
            "credentialing_body",
            "as_of",
        ]

    def __init__(self, data: Any = None, queryset: Any = None, *, program: GrantProgram, **kwargs: Any):
        self.program = program
        if queryset is None:
            queryset = GrantApplicant.objects.filter(program=program)
        super().__init__(data, queryset, **kwargs)

    def uses_sec4(self) -> bool:
        """The query filters or sorts by the Sec. 4 priority. Only then is it computed in SQL (for every
        row, counts included); a page's words come from ``grants.priority.answers_for``, one query."""
        cleaned = self.form.cleaned_data
        ordering = (cleaned.get("ordering") or "").lstrip("-")
        return cleaned.get("sec4") is not None or ordering == "sec4"

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        moment = self.moment()
        queryset = annotate_applicants(queryset, program=self.program, as_of=moment)
        if self.uses_sec4():
            queryset = annotate_sec4(queryset, as_of=moment)
        return super().filter_queryset(queryset)


class EligibilityFilter(_AsOfFilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, empty_label="- Any -")
    agency_type = django_filters.ChoiceFilter(
        choices=AgencyType.choices, label="Agency type", empty_label="- Any -"
    )
    program = IdFilter(
        field_name="grant_applications__program", label="Only applicants of this grant program"
    )
    ordering = SortFilter(keys=ELIGIBILITY_SORTS, default="name")
    ordering_aliases = {"is_eligible": "eligible"}

    class Meta:
        model = Agency
        fields = [
            "eligible",
            "basis",
            "reason",
            "state",
            "agency_type",
            "credentialing_body",
            "program",
            "as_of",
        ]

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = annotate_agencies(queryset, as_of=self.moment())
        return super().filter_queryset(queryset)


class ProgramFilter(ListFilterSet):
    fiscal_year = IdFilter(min_value=2020, max_value=2100, label="Fiscal year")
    kind = django_filters.ChoiceFilter(choices=ProgramKind.choices, empty_label="- Any -")
    ordering = SortFilter(
        keys=[
            SortKey("fiscal_year", ("-fiscal_year", "name"), "Newest fiscal year"),
            SortKey("name", ("name",), "Name"),
            SortKey("application_deadline", ("application_deadline",), "Application deadline"),
        ],
        default="fiscal_year",
    )
    default_page_size = 25

    class Meta:
        model = GrantProgram
        fields = ["fiscal_year", "kind"]


# A cached count outlives its generation by at most this long (it is never served after it).
COUNTS_TTL = 600


def _counts_key(filterset: ApplicantFilter, generation: int | None) -> str | None:
    """The cache key of a valid filterset's counts at ``generation``: the program, the generation, what of
    the program and the day the annotations depend on, and every filter that selects rows (normalised:
    sort and page do not count). None without a generation."""
    program = filterset.program
    if generation is None:
        return None
    cleaned = filterset.form.cleaned_data
    selecting = [
        (name, getattr(cleaned.get(name), "pk", cleaned.get(name))) for name in ApplicantFilter.Meta.fields
    ]
    parts = [
        program.pk,
        program.created_at,  # a program id given again after a reset is another program
        generation,
        program.application_deadline,
        program.reporting_start,
        program.sec4_priority,
        timezone.localdate(),
        *(f"{name}={value}" for name, value in selecting if value not in (None, "")),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"applicant-counts:{program.pk}:{digest}"


def applicant_counts(filterset: ApplicantFilter) -> dict[str, int]:
    """For the page's count line: how many rows the filters select, and the eligible / not eligible split
    of the rows the other filters select (one aggregate query, or none when cached at the current
    generation: see ``common.generations``)."""
    key = _counts_key(filterset, getattr(filterset.program, "count_generation", None))
    counts = cache.get(key) if key else None
    if counts is None:
        data = filterset.data.copy()
        data.pop("eligible", None)
        others = ApplicantFilter(data, program=filterset.program)
        # The generation is read again in the counting query itself: the program may have come from the
        # primary and the count from a lagging replica, and counts must be kept under the generation of
        # the data they were counted from, or a fresh key would hold an old count.
        counts = others.qs.order_by().aggregate(
            total=Count("id"), eligible=Count("id", filter=Q(is_eligible=True)), generation=Max(GENERATION)
        )
        counted_at = _counts_key(filterset, counts.pop("generation"))
        if counted_at:
            cache.set(counted_at, counts, COUNTS_TTL)
    choice = filterset.form.cleaned_data.get("eligible")
    not_eligible = counts["total"] - counts["eligible"]
    shown = counts["total"] if choice is None else (counts["eligible"] if choice else not_eligible)
    return {"shown": shown, "eligible": counts["eligible"], "not_eligible": not_eligible}
