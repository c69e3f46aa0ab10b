from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _paginator_counting(total: int) -> type[Paginator]:
    class CountedPaginator(Paginator):
        @property
        def count(self) -> int:  # given: no COUNT query
            return total

    return CountedPaginator


class KnownCountPagination(StandardPagination):
    """The standard pages, with the total from the view's ``total_count()`` (a cached count) in place of
    a COUNT query."""

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = _paginator_counting(view.total_count())
        return super().paginate_queryset(queryset, request, view)
