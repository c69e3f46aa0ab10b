"""Pagination of long lists: a fixed number of queries whatever the page size."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZES = (25, 50, 100, 500)


def page_size_from(request: HttpRequest, default: int = 50) -> int:
    try:
        size = int(request.GET.get("page_size", default))
    except (TypeError, ValueError):
        return default
    return size if size in PAGE_SIZES else default


def paginate(request: HttpRequest, rows: Any, *, per_page: int, count: int | None = None) -> Page:
    """The requested page; ``count`` spares the separate COUNT query when the caller has it already."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # fills the cached property
    return paginator.get_page(request.GET.get("page"))
