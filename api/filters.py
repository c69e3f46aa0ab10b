"""The API's side of the shared filters: the FilterSets live in the domain apps, beside their lists.

``DomainFilterBackend`` hands a view's extra FilterSet arguments (the program of an applicant list) to the
FilterSet, and, like django-filter's own backend, answers an invalid value with a 400.
"""

from typing import Any

from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend

from agencies.filters import AgencyFilter
from credentialing.filters import ApplicationFilter, BodyFilter
from grants.filters import ApplicantFilter, EligibilityFilter, ProgramFilter

__all__ = [
    "AgencyFilter",
    "ApplicantFilter",
    "ApplicationFilter",
    "BodyFilter",
    "DomainFilterBackend",
    "EligibilityFilter",
    "ProgramFilter",
]


class DomainFilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request: Any, queryset: Any, view: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_extra_kwargs", None)
        if extra is not None:
            kwargs.update(extra())
        return kwargs

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        view.filterset = filterset  # a view may need more of it than the rows (an applicant list's counts)
        return filterset.qs
