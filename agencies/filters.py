"""The filters of the agency registry list, for the web page and the API alike."""

import django_filters
from django.db.models import Q, QuerySet

from common.filtering import ListFilterSet, SortFilter, SortKey, YesNoFilter

from .models import Agency, AgencyType
from .states import State


class AgencyFilter(ListFilterSet):
    q = django_filters.CharFilter(method="search", label="Name or ORI", max_length=200)
    state = django_filters.ChoiceFilter(choices=State.choices, empty_label="- Any -")
    agency_type = django_filters.ChoiceFilter(
        choices=AgencyType.choices, label="Agency type", empty_label="- Any -"
    )
    ori = django_filters.CharFilter(lookup_expr="iexact", label="Exact ORI", max_length=20)
    eligible = YesNoFilter(
        method="filter_eligible", label="Grant eligibility", yes_label="Eligible", no_label="Not eligible"
    )
    ordering = SortFilter(
        keys=[
            SortKey("name", ("name",), "Agency name"),
            SortKey("ori", ("ori",), "ORI"),
            SortKey("state", ("state",), "State"),
            SortKey("type", ("agency_type",), "Agency type"),
            SortKey("sworn_officers", ("sworn_officers",), "Sworn officers"),
        ],
        default="name",
    )
    ordering_aliases = {"agency_type": "type"}

    class Meta:
        model = Agency
        fields = ["q", "state", "agency_type", "ori", "eligible"]

    def filter_eligible(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        # The flag lives with grants (a layer above): reached by its reverse relation's name. An agency
        # whose flag is not computed yet is not eligible.
        if value is None:
            return queryset
        if value:
            return queryset.filter(eligibility__eligible=True)
        return queryset.filter(Q(eligibility__eligible=False) | Q(eligibility__isnull=True))

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(ori__istartswith=value))
