"""DOJ staff: every agency's grant eligibility, now or as it stood on a date, with its downloads."""

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from common.exports import export_response
from common.filtering import PAGE_SIZES
from common.replica import replica_view
from grants.exports import ELIGIBILITY_COLUMNS
from grants.filters import EligibilityFilter
from grants.selectors import eligibility_visible_to

from ..access import page
from ..pagination import paginate
from .shared import user_of


def _filters(request: HttpRequest) -> EligibilityFilter:
    return EligibilityFilter(request.GET, queryset=eligibility_visible_to(user_of(request)), request=request)


def _refused(request: HttpRequest, filters: EligibilityFilter) -> HttpResponse:
    return render(request, "grants/eligibility.html", {"form": filters.form, "page_obj": None}, status=400)


@page("eligibility_list")
@replica_view
def eligibility_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if not filters.is_valid():
        return _refused(request, filters)
    page_size = filters.page_size_value
    return render(
        request,
        "grants/eligibility.html",
        {
            "form": filters.form,
            "page_obj": paginate(request, filters.qs, per_page=page_size),
            "page_size": page_size,
            "page_sizes": PAGE_SIZES,
            "default_sort": "name",
        },
    )


def _export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    filters = _filters(request)
    if not filters.is_valid():
        return _refused(request, filters)
    day = filters.form.cleaned_data.get("as_of")
    name = f"eligibility-{day.isoformat()}" if day else "eligibility-now"
    return export_response(
        fmt=fmt, filename=name, columns=ELIGIBILITY_COLUMNS, rows=filters.qs.iterator(chunk_size=2000)
    )


@page("eligibility_csv")
@replica_view
def eligibility_csv(request: HttpRequest) -> HttpResponseBase:
    return _export(request, "csv")


@page("eligibility_xlsx")
@replica_view
def eligibility_xlsx(request: HttpRequest) -> HttpResponseBase:
    return _export(request, "xlsx")
