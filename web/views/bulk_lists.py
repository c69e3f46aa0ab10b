"""Certifiers: a body's bulk list of earlier determinations, its preview and its commit."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from common.errors import DomainError
from common.exports import export_response
from reporting.exports import LIST_ROW_COLUMNS
from reporting.filters import BulkListRowFilter
from reporting.models import BulkList
from reporting.parsing import TEMPLATE_HEADER
from reporting.refusals import RowRefusal
from reporting.selectors import lists_visible_to, refused_by_kind, rows_of
from reporting.services import commit_list, upload_list

from ..access import page
from ..forms import add_domain_error
from ..pagination import paginate
from ..pending import lists_to_commit
from ..reporting_forms import BulkListCommitForm, BulkListUploadForm
from ..shown import shown
from .shared import user_of


def _visible_list(request: HttpRequest, pk: int) -> BulkList:
    try:
        return lists_visible_to(user_of(request)).get(pk=pk)
    except BulkList.DoesNotExist:
        raise Http404("No such list.") from None


@page("bulk_lists")
def bulk_lists(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = BulkListUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = upload_list(
                    body=user.credentialing_body,  # type: ignore[arg-type]
                    actor=user,
                    file=upload,
                    filename=upload.name,
                    name=form.cleaned_data["name"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if not result.created:
                    messages.info(
                        request,
                        f"This file was uploaded before, as the list {result.bulk_list.name}: "
                        "nothing changed.",
                    )
                return redirect("bulk_list_detail", pk=result.bulk_list.pk)
        status = 400
    show = shown(request, {"to_commit": "the lists with rows ready to commit"})
    lists = lists_visible_to(user)
    if show.value:
        lists = lists_to_commit(lists)
    return render(
        request,
        "reporting/lists.html",
        {
            "form": form,
            "page_obj": paginate(request, lists, per_page=25),
            "body": user.credentialing_body,
            "shown": show,
        },
        status=max(status, show.status),
    )


@page("bulk_list_detail")
def bulk_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulk_list = _visible_list(request, pk)
    form = BulkListCommitForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            commit_list(
                bulk_list=bulk_list,
                actor=user_of(request),
                accept_refusals=form.cleaned_data["accept_refusals"],
            )
        except DomainError as error:
            add_domain_error(form, error)
            status = 409 if error.code == "invalid_state" else 400
        else:
            bulk_list.refresh_from_db()
            messages.success(
                request,
                f"List {bulk_list.name} committed: {bulk_list.committed_count:,} "
                f"agenc{'y' if bulk_list.committed_count == 1 else 'ies'} approved.",
            )
            return redirect("bulk_list_detail", pk=bulk_list.pk)
    filters = BulkListRowFilter(request.GET, queryset=rows_of(bulk_list))
    shown = filters.is_valid()
    kind = filters.form.cleaned_data.get("kind", "") if shown else ""
    return render(
        request,
        "reporting/list_detail.html",
        {
            "bulk_list": bulk_list,
            "form": form,
            "filters": filters.form,
            "verdict": filters.form.cleaned_data.get("verdict", "") if shown else "",
            "kind": kind,
            "kind_label": RowRefusal(kind).label if kind else "",
            "by_kind": refused_by_kind(bulk_list),
            "page_obj": paginate(request, filters.rows, per_page=100) if shown else None,
        },
        status=status if shown else 400,
    )


@page("bulk_list_rows_csv")
def bulk_list_rows_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    bulk_list = _visible_list(request, pk)
    return export_response(
        fmt="csv",
        filename=f"list-{bulk_list.pk}-rows",
        columns=LIST_ROW_COLUMNS,
        rows=rows_of(bulk_list).iterator(chunk_size=2000),
    )


@page("bulk_list_template")
def bulk_list_template(request: HttpRequest) -> HttpResponse:
    content = ",".join(TEMPLATE_HEADER) + "\r\nCA0194200,2025-06-30,ACC-2025-117\r\n"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="bulk-list-template.csv"'
    return response
