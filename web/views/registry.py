"""DOJ credentialing administrators: the register of credentialing bodies (create and edit)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from common.errors import DomainError
from credentialing.models import CredentialingBody, Standard, StandardKind
from credentialing.services import create_body, update_body

from ..access import page
from ..forms import add_domain_error
from ..registry_forms import BodyForm
from .shared import user_of


def _render(request: HttpRequest, form: BodyForm, body: CredentialingBody | None) -> HttpResponse:
    mandatory = Standard.objects.filter(kind=StandardKind.MANDATORY)
    return render(request, "bodies/form.html", {"form": form, "body": body, "mandatory": mandatory})


def _values(form: BodyForm) -> dict:
    values = dict(form.cleaned_data)
    values["discretionary_standards"] = list(values["discretionary_standards"])
    return values


@page("body_create")
def body_create(request: HttpRequest) -> HttpResponse:
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = create_body(actor=user_of(request), **_values(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{body.name} added; its AG certification is pending.")
            return redirect("body_list")
    return _render(request, form, None)


@page("body_edit")
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(CredentialingBody, pk=pk)
    form = BodyForm(request.POST or None, initial=BodyForm.initial_from(body))
    if request.method == "POST" and form.is_valid():
        try:
            update_body(actor=user_of(request), body=body, **_values(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{body.name} saved.")
            return redirect("body_list")
    return _render(request, form, body)
