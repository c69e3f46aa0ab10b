from functools import partial

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class _CountedPaginator(Paginator):
    def __init__(self, *args, count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills the cached property: no COUNT query


class KnownCountPagination(StandardPagination):
    """The standard pages, with the total from the view's ``total_count()`` (a cached count) in place of
    a COUNT query."""

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = partial(_CountedPaginator, count=view.total_count())
        return super().paginate_queryset(queryset, request, view)
