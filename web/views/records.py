"""Sec. 3 pages: an agency's records and quarterly reports, hiring checks and their log, public figures."""

import json
from itertools import chain

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from common.caching import public_cacheable
from common.errors import DomainError
from common.exports import export_response
from community import figures_export as sec4_export
from community.figures import cached_public_table as sec4_public_table
from records import figures_export
from records.figures import cached_public_figures as public_figures
from records.models import ProcessStatus
from records.selectors import check_log_visible_to, quarters_due, records_visible_to, reports_visible_to
from records.services.checks import run_hiring_check
from records.services.records import create_record
from records.services.reports import submit_report

from ..access import page
from ..charts import bar_chart
from ..forms import add_domain_error
from ..pagination import paginate
from ..pending import quarters_shown
from ..records_forms import HiringCheckForm, RecordForm, ReportForm
from ..shown import shown
from .agency_staff import agency_of
from .shared import user_of

RECORDS_SHOWN = {status.value: f"records {status.label.lower()}" for status in ProcessStatus}


@page("hiring_check")
def hiring_check(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = HiringCheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = run_hiring_check(actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
    status = 400 if request.method == "POST" and result is None else 200
    return render(request, "records/check.html", {"form": form, "result": result}, status=status)


@page("check_log")
def check_log(request: HttpRequest) -> HttpResponse:
    rows = check_log_visible_to(user_of(request)).order_by("-checked_at", "-id")
    return render(request, "records/check_log.html", {"page_obj": paginate(request, rows, per_page=50)})


@page("sec3_records")
def sec3_records(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = RecordForm(request.POST or None) if user.agency_id else None
    if request.method == "POST":
        assert form is not None
        if form.is_valid():
            try:
                create_record(actor=user, agency=agency_of(user), **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "The record was added.")
                return redirect("sec3_records")
    show = shown(request, RECORDS_SHOWN, param="status")
    rows = records_visible_to(user).order_by("-action_date", "-id")
    if show.value:
        rows = rows.filter(process_status=show.value)
    status = 400 if request.method == "POST" else show.status
    return render(
        request,
        "records/records.html",
        {"form": form, "page_obj": paginate(request, rows, per_page=50), "shown": show},
        status=status,
    )


@page("sec3_reports")
def sec3_reports(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    agency = agency_of(user)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_report(actor=user, agency=agency, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"The report for {form.cleaned_data['quarter']} was submitted.")
            return redirect("sec3_reports")
    show = shown(request, {"overdue": "the quarters overdue", "due": "the quarters due"})
    status = 400 if request.method == "POST" else show.status
    context = {
        "form": form,
        "shown": show,
        "due": quarters_shown(quarters_due(agency), show.value),
        "reports": reports_visible_to(user).order_by("-quarter")[:40],
    }
    return render(request, "records/reports.html", context, status=status)


WITHHELD = "fewer than 10*"  # the footnote on the page says what the asterisk adds: "or withheld"


@public_cacheable
def figures(request: HttpRequest) -> HttpResponse:
    tables = public_figures()
    # Every table's totals row holds the same counts per year, each hiding what its own cells require:
    # a year published by any table on this page is public, so the chart shows it.
    years = tables[0].years
    per_year = [
        (str(year), next((t.totals.values[n] for t in tables if t.totals.values[n] is not None), None))
        for n, year in enumerate(years)
    ]
    chart = None
    if any(value is not None for _, value in per_year):
        chart = bar_chart(
            per_year,
            chart_id="records-per-year",
            title="Final records per year of the action",
            measure="Final Sec. 3 records per year of the action",
            hidden=WITHHELD,
            short="<10*",
        )
    context = {"tables": tables, "chart": chart, "withheld": WITHHELD, "sec4_table": sec4_public_table()}
    return render(request, "records/figures.html", context)


@public_cacheable
def figures_csv(request: HttpRequest) -> HttpResponseBase:
    rows = chain(figures_export.long_rows(public_figures()), sec4_export.long_rows(sec4_public_table()))
    return export_response(fmt="csv", filename="sec3-figures", columns=figures_export.COLUMNS, rows=rows)


@public_cacheable
def figures_json(request: HttpRequest) -> HttpResponse:
    data = {**figures_export.as_json(public_figures()), "sec4": sec4_export.as_json(sec4_public_table())}
    return HttpResponse(json.dumps(data, indent=1), content_type="application/json")
