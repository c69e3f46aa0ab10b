"""Sec. 4 pages: an agency's co-responder and community-support programs, their versions and yearly
figures; DOJ staff read every agency's. Certifiers and other agencies get a 404."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.rules import is_agency_staff
from common.errors import DomainError, NotFound
from community.models import SupportProgram
from community.selectors import (
    figure_versions_of,
    figures_of,
    program_visible_to,
    programs_visible_to,
    versions_of,
)
from community.services import create_program, file_yearly_figures, update_program

from ..access import page
from ..forms import add_domain_error
from ..pagination import paginate
from ..sec4_forms import ProgramChangeForm, ProgramForm, YearlyFiguresForm
from .agency_staff import agency_of
from .shared import user_of

ALIASES = {"partners": "partner_1_name"}


def _program(request: HttpRequest, pk: int) -> SupportProgram:
    try:
        return program_visible_to(user_of(request), pk)
    except NotFound as error:
        raise Http404(error.message) from None


@page("sec4_programs")
def sec4_programs(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    rows = programs_visible_to(user).order_by("agency__name", "-started_on", "-id")
    context: dict[str, Any] = {
        "page_obj": paginate(request, rows, per_page=50),
        "keeps": is_agency_staff(user),
    }
    return render(request, "community/programs.html", context)


@page("sec4_program_create")
def sec4_program_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = create_program(actor=user, agency=agency_of(user), **form.terms())
        except DomainError as error:
            add_domain_error(form, error, aliases=ALIASES)
        else:
            messages.success(request, f"{program.display_name} recorded.")
            return redirect("sec4_program", pk=program.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/program_form.html", {"form": form}, status=status)


@page("sec4_program")
def sec4_program(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    context = {
        "program": program,
        "versions": versions_of(program),
        "figures": figures_of(program),
        "figure_versions": figure_versions_of(program),
        "keeps": is_agency_staff(user_of(request)),
    }
    return render(request, "community/program.html", context)


@page("sec4_program_edit")
def sec4_program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    form = ProgramChangeForm(request.POST or None, initial=ProgramForm.initial_of(program))
    if request.method == "POST" and form.is_valid():
        try:
            update_program(
                actor=user_of(request), program=program, note=form.cleaned_data["note"], **form.terms()
            )
        except DomainError as error:
            add_domain_error(form, error, aliases=ALIASES)
        else:
            messages.success(request, "The program's new version was saved; the earlier ones are kept.")
            return redirect("sec4_program", pk=program.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/program_form.html", {"form": form, "program": program}, status=status)


@page("sec4_figures_file")
def sec4_figures_file(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(request, pk)
    form = YearlyFiguresForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            figures = file_yearly_figures(actor=user_of(request), program=program, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            done = "amended" if figures.version > 1 else "filed"
            messages.success(request, f"The figures for {figures.year} were {done}.")
            return redirect("sec4_program", pk=program.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/figures_form.html", {"form": form, "program": program}, status=status)
