"""Certifiers: assigning an application within the body, and the body's internal notes on it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from common.errors import DomainError, NotFound
from credentialing.actions import WORKBENCH_ACTIONS, perform_workbench_action
from credentialing.services import colleagues

from ..access import page
from ..forms import add_domain_error
from ..workbench import AssignForm, NoteForm, workbench_context
from .shared import detail_context, user_of, visible_application


def _back(pk: int) -> HttpResponse:
    return redirect(f"{reverse('application_detail', args=[pk])}#workbench")


def _refused(request: HttpRequest, application, **forms) -> HttpResponse:
    user = user_of(request)
    context = detail_context(request, application)
    context["workbench"] = workbench_context(application, user, **forms)
    return render(request, "applications/detail.html", context, status=400)


@page("application_assign")
def application_assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    application = visible_application(user, pk)
    if request.method != "POST":
        return _back(application.pk)
    people = colleagues(user)
    form = AssignForm(request.POST, colleagues=people)
    if form.is_valid():
        assignee = (
            form.colleagues.get(form.cleaned_data["assignee"]) if form.cleaned_data["assignee"] else None
        )
        try:
            perform_workbench_action("assign", application=application, actor=user, assignee=assignee)
        except NotFound:
            raise Http404("No such application.") from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            who = assignee.get_full_name() or assignee.username if assignee else "nobody"
            messages.success(request, f"{application.reference} is assigned to {who}.")
            return _back(application.pk)
    return _refused(request, application, assign_form=form)


@page("application_note")
def application_note(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    application = visible_application(user, pk)
    if request.method != "POST":
        return _back(application.pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            perform_workbench_action(
                "add_note", application=application, actor=user, text=form.cleaned_data["text"]
            )
        except NotFound:
            raise Http404("No such application.") from None
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{WORKBENCH_ACTIONS['add_note'].done.capitalize()}.")
            return _back(application.pk)
    return _refused(request, application, note_form=form)
