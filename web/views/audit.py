"""DOJ credentialing administrators: the audit trail in words, filtered, paginated and downloadable as CSV."""

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from common.audit_log import AUDIT_COLUMNS, AuditEntryFilter, audit_entries, in_words
from common.audit_words import describe
from common.exports import export_response

from ..access import page
from ..pagination import page_size_from, paginate


def _filtered(request: HttpRequest) -> AuditEntryFilter:
    return AuditEntryFilter(request.GET or None, queryset=audit_entries())


@page("audit_list")
def audit_list(request: HttpRequest) -> HttpResponse:
    filters = _filtered(request)
    if not filters.is_bound:
        rows = audit_entries()
    else:
        # A bad filter shows its error next to the field and no entries, never every entry.
        rows = filters.qs if filters.is_valid() else audit_entries().none()
    page_obj = paginate(request, rows, per_page=page_size_from(request, default=50))
    return render(
        request,
        "audit/list.html",
        {
            "form": filters.form,
            "page_obj": page_obj,
            "entries": describe(page_obj),
            "query": request.GET.urlencode(),
        },
    )


@page("audit_csv")
def audit_csv(request: HttpRequest) -> HttpResponseBase:
    filters = _filtered(request)
    if filters.is_bound and not filters.is_valid():
        return HttpResponse(
            "Bad filter: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in filters.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = filters.qs if filters.is_bound else audit_entries()
    return export_response(fmt="csv", filename="audit", columns=AUDIT_COLUMNS, rows=in_words(rows.iterator()))
