"""The public list, without sign-in: per state the agencies credentialed or in process, a national summary
with the map, the same rows as CSV and JSON, and the data dictionary of those downloads.

Everything shown comes from ``grants.public`` (the public fields only, cached). Responses say
``Cache-Control: public, max-age=60`` (``common.caching.public_cacheable``), as long as the figures are
cached, so a shared cache can serve them too; they set no cookie (the search form is a GET: no CSRF token).
"""

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from agencies.states import State
from common.caching import public_cacheable
from common.exports import export_response
from common.replica import replica_view
from common.suppression import THRESHOLD as SUPPRESSION_THRESHOLD
from grants import public
from grants.dashboard import STATE_LABELS

from ..charts import tile_map


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=public.MAX_QUERY_LENGTH,
        label="Search by agency name, city or county",
        error_messages={"max_length": "Enter at most %(limit_value)d characters."},
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)


def _state_or_404(code: str) -> str:
    code = code.upper()
    if code not in State.values:
        raise Http404("No such state or territory.")
    return code


def _summary_context() -> dict[str, Any]:
    rows = public.national_summary()
    shares = {row["state"]: row["share"] for row in rows}
    return {
        "rows": [{**row, "name": STATE_LABELS[row["state"]]} for row in rows],
        "map": tile_map(
            shares,
            chart_id="public-map",
            title="Share of agencies credentialed or in process, by state",
            measure="Share credentialed or in process",
            names=STATE_LABELS,
        ),
        "totals": {
            key: sum(row[key] for row in rows)
            for key in ("agencies", "subject", "credentialed", "in_process")
        },
    }


@public_cacheable
@replica_view
def public_summary(request: HttpRequest) -> HttpResponseBase:
    return render(request, "public/credentialed/summary.html", _summary_context())


@public_cacheable
@replica_view
def public_state(request: HttpRequest, state: str) -> HttpResponseBase:
    code = _state_or_404(state)
    form = SearchForm(request.GET)
    context: dict[str, Any] = {"state": code, "state_name": STATE_LABELS[code], "form": form}
    if not form.is_valid():
        return render(request, "public/credentialed/state.html", context, status=400)
    query = public.clean_query(form.cleaned_data["q"])
    agencies = public.state_agencies_page(code, query, form.cleaned_data["page"] or 1)
    context.update(
        {
            "query": query,
            "agencies": agencies,
            "rows": [
                {field.key: field.value(row) for field in public.AGENCY_FIELDS} for row in agencies.rows
            ],
            # The page links of the shared pagination, from the cached count (no query).
            "page_obj": Paginator(range(agencies.total), public.PAGE_SIZE).get_page(agencies.number),
        }
    )
    return render(request, "public/credentialed/state.html", context)


@public_cacheable
def public_state_download(request: HttpRequest, state: str, fmt: str) -> HttpResponseBase:
    code = _state_or_404(state)
    form = SearchForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "Search terms: " + " ".join(str(e) for e in form.errors.get("q", [])),
            status=400,
            content_type="text/plain",
        )
    query = public.clean_query(form.cleaned_data["q"])
    return export_response(
        fmt=fmt,
        filename=f"credentialed-agencies-{code.lower()}",
        columns=public.agency_columns(),
        rows=public.state_agencies_all(code, query),
    )


@public_cacheable
def public_summary_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    return export_response(
        fmt=fmt,
        filename="credentialed-agencies-by-state",
        columns=public.summary_columns(),
        rows=public.national_summary(),
    )


@public_cacheable
def public_data_dictionary(request: HttpRequest) -> HttpResponseBase:
    return render(
        request,
        "public/credentialed/data_dictionary.html",
        {
            "agency_fields": public.AGENCY_FIELDS,
            "summary_fields": public.SUMMARY_FIELDS,
            "sec4_threshold": SUPPRESSION_THRESHOLD,
        },
    )
