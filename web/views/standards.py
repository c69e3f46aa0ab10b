"""DOJ credentialing administrators: the standards catalogue (add, reword, retire, restore)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from common.errors import DomainError
from credentialing.models import Standard
from credentialing.services import add_standard, restore_standard, retire_standard, update_standard

from ..access import page
from ..forms import add_domain_error
from ..registry_forms import StandardChangeForm, StandardForm
from .shared import user_of

CHANGES = {
    "retire": (retire_standard, "Retire", "retired"),
    "restore": (restore_standard, "Restore", "restored"),
}


@page("standard_list")
def standard_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "standards/list.html", {"standards": Standard.objects.order_by("position", "code")}
    )


@page("standard_create")
def standard_create(request: HttpRequest) -> HttpResponse:
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standard = add_standard(actor=user_of(request), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{standard.title}” added as a discretionary principle.")
            return redirect("standard_list")
    return render(request, "standards/form.html", {"form": form, "standard": None})


@page("standard_edit")
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(Standard, pk=pk)
    form = StandardForm(
        request.POST or None,
        with_code=False,
        initial={"title": standard.title, "description": standard.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_standard(actor=user_of(request), standard=standard, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['title']}” saved.")
            return redirect("standard_list")
    return render(request, "standards/form.html", {"form": form, "standard": standard})


@page("standard_change")
def standard_change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    standard = get_object_or_404(Standard, pk=pk)
    if action not in CHANGES:
        raise Http404("No such action.")
    service, label, done = CHANGES[action]
    # Every field is optional: an empty POST is still a confirmation.
    form = StandardChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=user_of(request), standard=standard, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"“{standard.title}” {done}.")
            return redirect("standard_list")
    return render(
        request,
        "standards/confirm.html",
        {"form": form, "standard": standard, "action": action, "label": label},
    )
