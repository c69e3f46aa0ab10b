"""Annual reports: the body's certifier reviews and submits; DOJ administrators see who has reported."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from common.errors import DomainError
from common.exports import export_response
from credentialing.dates import today
from credentialing.models import CredentialingBody
from reporting.exports import ANNUAL_REPORT_COLUMNS, STANDING_COLUMNS
from reporting.filters import AnnualReportFilter
from reporting.models import AnnualReport
from reporting.schedule import (
    FIRST_REPORT_YEAR,
    Standing,
    current_report_year,
    first_certified,
    next_step,
    owes,
    report_opens,
    report_period,
    report_standings_of,
    why_not_owed,
)
from reporting.selectors import annual_report_entries, report_bodies_visible_to, reports_visible_to
from reporting.services import submit_annual_report

from ..access import page
from ..forms import add_domain_error
from ..pagination import paginate
from ..reporting_forms import AnnualReportSubmitForm
from .shared import user_of


def _counts(entries: list[dict]) -> dict[str, int]:
    return {
        kind: sum(1 for e in entries if e["event"] == kind) for kind in ("certified", "revoked", "expired")
    }


def _rows(standings, *, for_certifier: bool) -> list[dict]:
    current = today()
    return [
        {
            "row": s,
            "due": report_period(s.report_year)[1],
            "label": Standing.LABELS[s.standing],
            "is_late": s.standing == Standing.LATE,
            "next_step": next_step(s.standing, s.report_year, for_certifier=for_certifier, day=current),
        }
        for s in standings
    ]


@page("annual_reports")
def annual_reports(request: HttpRequest) -> HttpResponse:
    """The certifier's body: one line per report it owes, from its AG certification on."""
    user = user_of(request)
    body = user.credentialing_body
    assert body is not None
    standings = report_standings_of(report_bodies_visible_to(user))
    return render(
        request,
        "reporting/annual_reports.html",
        {
            "body": body,
            "rows": _rows(standings, for_certifier=True),
            "first_certified": first_certified(body),
        },
    )


@page("annual_report_detail")
def annual_report_detail(request: HttpRequest, year: int) -> HttpResponse:
    user = user_of(request)
    body = user.credentialing_body
    assert body is not None
    if not FIRST_REPORT_YEAR <= year <= current_report_year() + 1:
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
    owed = report is not None or owes(body, year)
    ours = report_standings_of(report_bodies_visible_to(user), years=[year])
    standing = next((getattr(s, "standing") for s in ours), "")  # noqa: B009 - an annotation
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
            "owed": owed,
            "not_owed": "" if owed else why_not_owed(body, year),
            "can_submit": report is None and owed and current >= report_opens(year),
            "standing": Standing.LABELS.get(standing, "Not required"),
            "next_step": next_step(standing, year, for_certifier=True, day=current) if standing else "",
            "form": form,
        },
        status=status,
    )


def _overview_filter(request: HttpRequest) -> AnnualReportFilter:
    return AnnualReportFilter(request.GET, queryset=report_bodies_visible_to(user_of(request)))


@page("annual_report_overview")
def annual_report_overview(request: HttpRequest) -> HttpResponse:
    """DOJ administrators: every body's reports, submitted, late or not yet due, by year."""
    filters = _overview_filter(request)
    if not filters.is_valid():
        return render(
            request, "reporting/annual_overview.html", {"form": filters.form, "page_obj": None}, status=400
        )
    page_obj = paginate(request, filters.qs, per_page=filters.page_size_value)
    return render(
        request,
        "reporting/annual_overview.html",
        {
            "form": filters.form,
            "page_obj": page_obj,
            "rows": _rows(page_obj, for_certifier=False),
            "query": request.GET.urlencode(),
        },
    )


@page("annual_report_overview_download")
def annual_report_overview_download(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The overview's rows as CSV or XLSX, with the same filters."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format.")
    filters = _overview_filter(request)
    if not filters.is_valid():
        return render(
            request, "reporting/annual_overview.html", {"form": filters.form, "page_obj": None}, status=400
        )
    return export_response(
        fmt=fmt, filename=f"annual-reports-{today().isoformat()}", columns=STANDING_COLUMNS, rows=filters.qs
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
