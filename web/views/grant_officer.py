"""DOJ grant officers: grant programs, their applicants and who is eligible, CSV in and out."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize

from common.errors import DomainError
from common.exports import export_response
from common.filtering import PAGE_SIZES
from common.replica import replica_view
from community.priority import RULE as SEC4_RULE
from grants.exports import applicant_columns, applicant_export_rows, applicants_filename
from grants.filters import ApplicantFilter, ProgramFilter, applicant_counts
from grants.models import GrantProgram
from grants.priority import answers_for
from grants.selectors import applicant_values, programs_with_generation
from grants.services import add_applicant, create_program, import_applicants_csv

from ..access import page
from ..applicant_rows import applicant_rows
from ..filter_forms import applicant_filter_fields
from ..forms import ApplicantForm, ImportForm, ProgramForm, add_domain_error
from ..pagination import paginate
from .shared import user_of


@page("program_list")
def program_list(request: HttpRequest) -> HttpResponse:
    filters = ProgramFilter(
        request.GET, queryset=GrantProgram.objects.annotate(applicant_count=Count("applicants"))
    )
    if not filters.is_valid():
        return render(request, "grants/programs.html", {"page_obj": None, "form": filters.form}, status=400)
    page_obj = paginate(request, filters.qs, per_page=filters.page_size_value)
    return render(request, "grants/programs.html", {"page_obj": page_obj, "form": filters.form})


@page("program_create")
def program_create(request: HttpRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None, initial={"kind": "discretionary"})
    if request.method == "POST" and form.is_valid():
        try:
            program = create_program(actor=user_of(request), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Program {program} created.")
            return redirect("program_applicants", pk=program.pk)
    return render(request, "grants/program_form.html", {"form": form})


def _applicants(request: HttpRequest, program: GrantProgram) -> ApplicantFilter:
    return ApplicantFilter(request.GET, program=program, request=request)


def _refused(request: HttpRequest, program: GrantProgram, filters: ApplicantFilter) -> HttpResponse:
    """The page with the filter form's errors and no rows: a bad value never lists everything."""
    return render(
        request,
        "grants/applicants.html",
        {
            "program": program,
            "form": filters.form,
            "filter_fields": applicant_filter_fields(filters.form, program),
            "page_obj": None,
            "page_sizes": PAGE_SIZES,
            "sec4_rule": SEC4_RULE,
        },
        status=400,
    )


@page("program_applicants")
@replica_view
def program_applicants(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(programs_with_generation(), pk=pk)
    filters = _applicants(request, program)
    if not filters.is_valid():
        return _refused(request, program, filters)
    counts = applicant_counts(filters)
    page_size = filters.page_size_value
    rows = applicant_values(filters.qs)
    page_obj = paginate(request, rows, per_page=page_size, count=counts["shown"])
    page_obj.object_list = list(page_obj.object_list)
    sec4 = None
    if program.sec4_priority:  # one query for the page, whatever its length
        sec4 = answers_for([row["agency_id"] for row in page_obj.object_list], as_of=filters.moment())
    return render(
        request,
        "grants/applicants.html",
        {
            "program": program,
            "form": filters.form,
            "filter_fields": applicant_filter_fields(filters.form, program),
            "page_obj": page_obj,
            "rows": applicant_rows(page_obj.object_list, program=program, sec4=sec4),
            "sec4_rule": SEC4_RULE,
            "total": counts["shown"],
            "eligible_count": counts["eligible"],
            "not_eligible_count": counts["not_eligible"],
            "page_size": page_size,
            "page_sizes": PAGE_SIZES,
            "default_sort": "name",
        },
    )


def _export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    program = get_object_or_404(GrantProgram, pk=pk)
    filters = _applicants(request, program)
    if not filters.is_valid():
        return _refused(request, program, filters)
    return export_response(
        fmt=fmt,
        filename=applicants_filename(program),
        columns=applicant_columns(program),
        rows=applicant_export_rows(filters.qs, program=program, as_of=filters.moment()),
    )


@page("program_applicants_csv")
@replica_view
def program_applicants_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _export(request, pk, "csv")


@page("program_applicants_xlsx")
@replica_view
def program_applicants_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _export(request, pk, "xlsx")


@page("applicant_add")
def applicant_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(GrantProgram, pk=pk)
    form = ApplicantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["ori"]
        try:
            add_applicant(
                actor=user_of(request),
                program=program,
                agency=agency,
                amount_requested=form.cleaned_data["amount_requested"],
            )
        except DomainError as error:
            add_domain_error(form, error, aliases={"agency": "ori"})
        else:
            messages.success(request, f"{agency.name} added to {program.name}.")
            return redirect("program_applicants", pk=program.pk)
    return render(request, "grants/applicant_form.html", {"form": form, "program": program})


@page("applicant_import")
def applicant_import(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(GrantProgram, pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_applicants_csv(actor=user_of(request), program=program, file=upload)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if report.errors:
                row_errors = report.errors
                rows = report.rows_with_errors
                form.add_error(
                    "file",
                    f"Nothing was imported: {rows:,} {'row needs' if rows == 1 else 'rows need'} "
                    "correcting (listed below by line number; the header is line 1).",
                )
            else:
                messages.success(
                    request,
                    f"Import done: {report.added:,} applicant{pluralize(report.added)} added, "
                    f"{report.updated:,} updated.",
                )
                return redirect("program_applicants", pk=program.pk)
    return render(
        request,
        "grants/import.html",
        {"form": form, "program": program, "row_errors": row_errors},
        status=400 if row_errors else 200,
    )


# What a spreadsheet saved as CSV should look like: the header, then one applicant a row.
IMPORT_TEMPLATE = 'ORI,amount\r\nCA0000001,25000\r\nTX0000002,"1,250.50"\r\n'


@page("applicant_import_template")
def applicant_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(IMPORT_TEMPLATE, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="applicants-template.csv"'
    return response
