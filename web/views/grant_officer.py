"""DOJ grant officers: grant programs, their applicants and who is eligible, CSV in and out."""

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from common.errors import DomainError
from credentialing.models import CredentialingBody
from grants.models import GrantApplicant, GrantProgram
from grants.services import add_applicant, create_program, import_applicants_csv

from ..access import page
from ..forms import ApplicantFilterForm, ApplicantForm, ImportForm, ProgramForm, add_domain_error
from ..pagination import page_size_from, paginate
from .shared import user_of

# Sort keys offered on the applicants table, each a column of ``applicants_of``.
APPLICANT_SORTS = {
    "name": "agency__name",
    "ori": "agency__ori",
    "state": "agency__state",
    "type": "agency__agency_type",
    "amount": "amount_requested",
    "eligible": "is_eligible",
    "deadline": "eligible_at_deadline",
    "body": "body_name",
}


@page("program_list")
def program_list(request: HttpRequest) -> HttpResponse:
    programs = GrantProgram.objects.annotate(applicant_count=Count("applicants")).order_by(
        "-fiscal_year", "name", "id"
    )
    return render(request, "grants/programs.html", {"page_obj": paginate(request, programs, per_page=25)})


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


def body_choices() -> list[tuple[int, str]]:
    return list(CredentialingBody.objects.order_by("name").values_list("id", "name"))


def filtered_applicants(
    program: GrantProgram, request: HttpRequest, bodies: list[tuple[int, str]]
) -> tuple[ApplicantFilterForm, QuerySet[GrantApplicant], QuerySet[GrantApplicant]]:
    """The rows the filters select, and the same rows before the eligibility filter (for the counts)."""
    from grants.selectors import applicants_of

    form = ApplicantFilterForm(request.GET or None, bodies=bodies)
    rows: Any = applicants_of(program)
    eligible_choice = ""
    if form.is_valid():
        data = form.cleaned_data
        eligible_choice = data["eligible"]
        if data["state"]:
            rows = rows.filter(agency__state=data["state"])
        if data["agency_type"]:
            rows = rows.filter(agency__agency_type=data["agency_type"])
        if data["body"]:
            rows = rows.filter(body_id=data["body"])
    before_eligibility = rows
    if eligible_choice:
        rows = rows.filter(is_eligible=eligible_choice == "yes")
    sort = request.GET.get("sort", "name")
    column = APPLICANT_SORTS.get(sort.lstrip("-"), "agency__name")
    descending = sort.startswith("-") and sort.lstrip("-") in APPLICANT_SORTS
    return form, rows.order_by(f"-{column}" if descending else column, "id"), before_eligibility


@page("program_applicants")
def program_applicants(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(GrantProgram, pk=pk)
    bodies = body_choices()
    form, rows, before_eligibility = filtered_applicants(program, request, bodies)
    # One aggregate gives the page count and the eligible / not eligible split of the other filters.
    counts = before_eligibility.order_by().aggregate(
        total=Count("id"), eligible=Count("id", filter=Q(is_eligible=True))
    )
    choice: str = (form.cleaned_data.get("eligible") or "") if form.is_valid() else ""
    not_eligible = counts["total"] - counts["eligible"]
    matching = {"yes": counts["eligible"], "no": not_eligible}.get(choice, counts["total"])
    page_obj = paginate(request, rows, per_page=page_size_from(request), count=matching)
    return render(
        request,
        "grants/applicants.html",
        {
            "program": program,
            "form": form,
            "page_obj": page_obj,
            "total": matching,
            "eligible_count": counts["eligible"],
            "not_eligible_count": not_eligible,
            "page_size": page_size_from(request),
            "page_sizes": (25, 50, 100, 500),
            "default_sort": "name",
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_HEADER = [
    "ORI",
    "Agency",
    "State",
    "Agency type",
    "Amount requested",
    "Eligible now",
    "Basis",
    "Reason",
    "Credentialing body",
    "Eligible at deadline",
]


def _csv_lines(program: GrantProgram, rows: QuerySet[GrantApplicant]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    required = program.requires_credentialing
    for row in rows.iterator(chunk_size=2000):
        r: Any = row
        yield writer.writerow(
            [
                r.agency.ori,
                r.agency.name,
                r.agency.state,
                r.agency.get_agency_type_display(),
                f"{r.amount_requested:.2f}",
                ("yes" if r.is_eligible else "no") if required else "not required",
                r.basis,
                r.reason,
                r.body_name or "",
                ("yes" if r.eligible_at_deadline else "no") if required else "not required",
            ]
        )


@page("program_applicants_csv")
def program_applicants_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    program = get_object_or_404(GrantProgram, pk=pk)
    _, rows, _ = filtered_applicants(program, request, body_choices())
    response = StreamingHttpResponse(_csv_lines(program, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="applicants-program-{program.pk}-fy{program.fiscal_year}.csv"'
    )
    return response


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
                form.add_error(
                    "file", f"Nothing was imported: {len(report.errors)} rows need correcting (listed below)."
                )
            else:
                messages.success(
                    request, f"Import done: {report.added} applicants added, {report.updated} updated."
                )
                return redirect("program_applicants", pk=program.pk)
    return render(
        request,
        "grants/import.html",
        {"form": form, "program": program, "row_errors": row_errors},
        status=400 if row_errors else 200,
    )
