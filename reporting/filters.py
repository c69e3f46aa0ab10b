"""The filter of a list's rows (ready or refused, and the kind of reason), for the preview and the API."""

import django_filters
from django.db.models import QuerySet

from .models import BulkListRow, RowVerdict
from .refusals import RowRefusal


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
