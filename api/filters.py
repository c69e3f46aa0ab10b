"""Query filters (django-filter); each is documented in the OpenAPI schema."""

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agencies.models import Agency, AgencyType
from agencies.states import State
from credentialing.models import CertificationStatus, CredentialApplication, CredentialingBody
from credentialing.states import ApplicationStatus
from grants.models import GrantApplicant, GrantProgram, ProgramKind

MAX_ID = 2**31 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A whole number in range, by default the id of a related object (else a 400, never a database
    overflow)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class AgencyFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices)
    agency_type = django_filters.ChoiceFilter(choices=AgencyType.choices)
    ori = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Agency
        fields = ["state", "agency_type", "ori"]


class BodyFilter(django_filters.FilterSet):
    certification_status = django_filters.ChoiceFilter(choices=CertificationStatus.choices)

    class Meta:
        model = CredentialingBody
        fields = ["certification_status"]


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices)
    agency = IdFilter(field_name="agency_id")
    body = IdFilter(field_name="body_id")
    state = django_filters.ChoiceFilter(field_name="agency__state", choices=State.choices)

    class Meta:
        model = CredentialApplication
        fields = ["status", "agency", "body", "state"]


class _EligibilityFilters(django_filters.FilterSet):
    """Filters on rows annotated by the grants selectors (``is_eligible``, ``body_id``)."""

    eligible = django_filters.BooleanFilter(field_name="is_eligible", label="Eligible (Sec. 2(a) flag)")
    credentialing_body = IdFilter(field_name="body_id", label="Credentialing body the eligibility rests on")
    as_of = django_filters.DateFilter(
        method="keep", label="Eligibility as it stood at the end of this day (from the history)"
    )

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The view reads ``as_of`` before filtering: it changes the annotations, not the rows.
        return queryset


class ApplicantFilter(_EligibilityFilters):
    state = django_filters.ChoiceFilter(field_name="agency__state", choices=State.choices)
    agency_type = django_filters.ChoiceFilter(field_name="agency__agency_type", choices=AgencyType.choices)

    class Meta:
        model = GrantApplicant
        fields = ["eligible", "state", "agency_type", "credentialing_body", "as_of"]


class EligibilityFilter(_EligibilityFilters):
    state = django_filters.ChoiceFilter(choices=State.choices)
    agency_type = django_filters.ChoiceFilter(choices=AgencyType.choices)
    program = IdFilter(
        field_name="grant_applications__program", label="Only applicants of this grant program"
    )

    class Meta:
        model = Agency
        fields = ["eligible", "state", "agency_type", "credentialing_body", "program", "as_of"]


class ProgramFilter(django_filters.FilterSet):
    fiscal_year = IdFilter(min_value=2020, max_value=2100)
    kind = django_filters.ChoiceFilter(choices=ProgramKind.choices)

    class Meta:
        model = GrantProgram
        fields = ["fiscal_year", "kind"]
