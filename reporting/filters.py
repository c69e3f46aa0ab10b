"""The reporting app's list filters: the annual-report standings (DOJ's overview page, a certifier's list
and the API) and a bulk list's rows (ready or refused, and the kind of reason; the preview and the API).

The standings filter filters the bodies a person follows (``report_bodies_visible_to``) and turns them into
one row per body and report year (``schedule.report_standings_of``): the same query string selects the
same rows on the page, in the API and in the downloads.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from common.filtering import IdFilter, ListFilterSet
from credentialing.models import CredentialingBody

from .models import BulkListRow, RowVerdict
from .refusals import RowRefusal
from .schedule import FIRST_REPORT_YEAR, Standing, report_standings_of


class AnnualReportFilter(ListFilterSet):
    year = IdFilter(
        method="keep",
        min_value=FIRST_REPORT_YEAR,
        max_value=2100,
        label="Report due January 31 of",
        help_text="Empty: every year.",
    )
    standing = django_filters.MultipleChoiceFilter(
        method="keep",
        choices=Standing.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="Status",
        help_text="Choose any; none means all.",
    )
    body = IdFilter(method="keep", label="Credentialing body", help_text="The body's id.")

    class Meta:
        model = CredentialingBody
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data: dict[str, Any] = self.form.cleaned_data
        bodies = queryset.filter(pk=data["body"]) if data.get("body") else queryset
        year = data.get("year")
        return report_standings_of(
            bodies, years=[year] if year else None, states=list(data.get("standing") or [])
        )


class BulkListRowFilter(django_filters.FilterSet):
    verdict = django_filters.ChoiceFilter(choices=RowVerdict.choices, label="Verdict", empty_label="- Any -")
    kind = django_filters.ChoiceFilter(
        field_name="refusal_kind",
        choices=RowRefusal.choices,
        label="Kind of reason",
        empty_label="- Any -",
        help_text="Only the rows refused for this kind of reason.",
    )

    class Meta:
        model = BulkListRow
        fields: list[str] = []

    @property
    def rows(self) -> QuerySet[BulkListRow]:
        return self.qs.order_by("line")
