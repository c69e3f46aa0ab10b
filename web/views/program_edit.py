"""DOJ grant officers: editing a program's terms."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from common.errors import DomainError
from grants.models import GrantProgram
from grants.services import update_program

from ..access import page
from ..forms import ProgramForm, add_domain_error
from .shared import user_of

TERMS = (
    "name",
    "fiscal_year",
    "kind",
    "application_deadline",
    "description",
    "applies_sec3d",
    "sec3d_reporting_from",
    "sec4_priority",
)


@page("program_edit")
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(GrantProgram, pk=pk)
    form = ProgramForm(request.POST or None, initial={f: getattr(program, f) for f in TERMS})
    if request.method == "POST" and form.is_valid():
        try:
            update_program(actor=user_of(request), program=program, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Program {program} saved.")
            return redirect("program_applicants", pk=program.pk)
    return render(request, "grants/program_form.html", {"form": form, "program": program})
