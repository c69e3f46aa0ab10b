"""Annual reports: the body's certifier reviews and submits; DOJ administrators see who has reported."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from common.errors import DomainError
from common.exports import export_response
from credentialing.dates import today
from credentialing.models import CredentialingBody
from reporting.exports import ANNUAL_REPORT_COLUMNS
from reporting.models import AnnualReport
from reporting.selectors import (
    annual_report_entries,
    current_report_year,
    report_opens,
    report_period,
    report_standing,
    report_standings,
    reports_visible_to,
)
from reporting.services import submit_annual_report

from ..access import page
from ..forms import add_domain_error
from ..reporting_forms import AnnualReportSubmitForm, ReportYearForm
from ..shown import shown
from .shared import user_of

FIRST_YEAR = 2021  # the first January 31 of the program (FY2021 funds)


def _counts(entries: list[dict]) -> dict[str, int]:
    return {
        kind: sum(1 for e in entries if e["event"] == kind) for kind in ("certified", "revoked", "expired")
    }


@page("annual_reports")
def annual_reports(request: HttpRequest) -> HttpResponse:
    """The certifier's body: one line per year with where its report stands."""
    user = user_of(request)
    body = user.credentialing_body
    assert body is not None
    current = today()
    submitted = {r.year: r for r in reports_visible_to(user)}
    years = range(current_report_year(current), FIRST_YEAR - 1, -1)
    rows = [
        (year, submitted.get(year), report_standing(body, year, submitted.get(year), current))
        for year in years
    ]
    return render(request, "reporting/annual_reports.html", {"body": body, "rows": rows})


@page("annual_report_detail")
def annual_report_detail(request: HttpRequest, year: int) -> HttpResponse:
    user = user_of(request)
    body = user.credentialing_body
    assert body is not None
    if not FIRST_YEAR <= year <= current_report_year() + 1:
        raise Http404("No such report.")
    report = reports_visible_to(user).filter(year=year).first()
    form = AnnualReportSubmitForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            submit_annual_report(body=body, year=year, actor=user, note=form.cleaned_data["note"])
        except DomainError as error:
            add_domain_error(form, error)
            status = 409 if error.code == "invalid_state" else 400
        else:
            messages.success(request, f"The {year} annual report was submitted to DOJ.")
            return redirect("annual_report_detail", year=year)
    current = today()
    entries = report.entries if report else annual_report_entries(body, year, as_of=current)
    start, end = report_period(year)
    return render(
        request,
        "reporting/annual_report.html",
        {
            "body": body,
            "year": year,
            "report": report,
            "entries": entries,
            "counts": _counts(entries),
            "start": start,
            "end": end,
            "opens": report_opens(year),
            "can_submit": report is None and current >= report_opens(year),
            "standing": report_standing(body, year, report, current),
            "form": form,
        },
        status=status,
    )


@page("annual_report_overview")
def annual_report_overview(request: HttpRequest) -> HttpResponse:
    """DOJ administrators: every body's report for one year, submitted, late or not yet due."""
    form = ReportYearForm(request.GET or None)
    year = current_report_year()
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    show = shown(request, {"late": "the reports late"}, param="standing")
    standings = report_standings(year) if not form.errors else []
    if show.value:
        standings = [s for s in standings if s.state == show.value]
    return render(
        request,
        "reporting/annual_overview.html",
        {
            "form": form,
            "year": year,
            "standings": standings,
            "due": report_period(year)[1],
            "shown": show,
            "shown_all_url": f"?year={year}",
        },
        status=400 if form.errors else show.status,
    )


@page("annual_report_download")
def annual_report_download(request: HttpRequest, body_pk: int, year: int, fmt: str) -> HttpResponseBase:
    """A submitted report as its body sent it (DOJ administrators; a certifier, their own body's)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format.")
    body = get_object_or_404(CredentialingBody, pk=body_pk)
    try:
        report = reports_visible_to(user_of(request)).get(body=body, year=year)
    except AnnualReport.DoesNotExist:
        raise Http404("No such report.") from None
    return export_response(
        fmt=fmt,
        filename=f"annual-report-{body.pk}-{year}",
        columns=ANNUAL_REPORT_COLUMNS,
        rows=report.entries,
    )
