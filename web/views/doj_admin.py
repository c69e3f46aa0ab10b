"""DOJ credentialing administrators: bodies' AG certification and the agency registry."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html

from agencies.filters import AgencyFilter
from agencies.models import Agency, AgencyType
from agencies.services import create_agency, update_agency
from common.errors import DomainError
from common.replica import replica_view
from credentialing.actions import BODY_ACTIONS, available_body_actions, perform_body_action
from credentialing.filters import BodyFilter
from credentialing.models import CertificationStatus, CredentialingBody
from credentialing.selectors import (
    agencies_depending_on_body,
    agencies_visible_to,
    applications_visible_to,
    bodies_with_dependents,
    certification_history,
    principles_reviewed_by,
)
from grants.selectors import agencies_changed_by, agencies_of_body, eligibility_history, eligibility_of

from ..access import page
from ..forms import AgencyForm, CertificationForm, add_domain_error
from ..pagination import paginate
from .shared import user_of


@page("body_list")
def body_list(request: HttpRequest) -> HttpResponse:
    filters = BodyFilter(request.GET, queryset=bodies_with_dependents())
    if not filters.is_valid():
        return render(request, "bodies/list.html", {"form": filters.form, "page_obj": None}, status=400)
    page_obj = paginate(request, filters.qs, per_page=filters.page_size_value)
    rows = [{"body": body, "actions": available_body_actions(body)} for body in page_obj]
    return render(request, "bodies/list.html", {"form": filters.form, "page_obj": page_obj, "rows": rows})


# How many agencies whose eligibility changes the confirmation page names; the rest are on the body page.
NAMED_ON_CONFIRMATION = 20


@page("body_detail")
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(CredentialingBody, pk=pk)
    page_obj = paginate(request, agencies_of_body(body.pk), per_page=50)
    return render(
        request,
        "bodies/detail.html",
        {
            "body": body,
            "agency_types": [AgencyType(kind).label for kind in body.agency_types_served],
            "principles": principles_reviewed_by(body),
            "actions": available_body_actions(body),
            "page_obj": page_obj,
            "history": certification_history(body)[:100],
        },
    )


def _first_named(changing: QuerySet) -> tuple[list, int]:
    """Up to ``NAMED_ON_CONFIRMATION`` agencies and the size of the whole set, in one query."""
    named = list(changing[:NAMED_ON_CONFIRMATION])
    return named, (named[0].total if named else 0)


def _outcome(count: int, *, gains: bool) -> str:
    if count == 1:
        return "1 agency becomes eligible" if gains else "1 agency loses its eligibility"
    return f"{count} agencies become eligible" if gains else f"{count} agencies lose their eligibility"


@page("body_certification")
def body_certification(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    body = get_object_or_404(CredentialingBody, pk=pk)
    change = BODY_ACTIONS.get(action)
    if change is None:
        raise Http404("No such action.")
    form = CertificationForm(request.POST or None, needs_note=change.needs_reason)
    gains = change.change.target == CertificationStatus.CERTIFIED
    if request.method == "POST" and form.is_valid():
        # Counted before the change: afterwards the body's status no longer says who depended on it.
        changed = agencies_changed_by(body, change.change.target).count()
        try:
            perform_body_action(
                change.name, body=body, actor=user_of(request), note=form.cleaned_data["note"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                format_html(
                    '{}: {}. {} through it; flags are being recomputed. <a href="{}">See its agencies</a>.',
                    body.name,
                    change.done,
                    _outcome(changed, gains=gains),
                    reverse("body_detail", args=[body.pk]),
                ),
            )
            return redirect("body_list")
    named, changing = _first_named(agencies_changed_by(body, change.change.target))
    return render(
        request,
        "bodies/confirm.html",
        {
            "body": body,
            "change": change,
            "form": form,
            "dependents": len(agencies_depending_on_body(body.pk)),
            "named": named,
            "changing": changing,
            "gains": gains,
            "possible": change in available_body_actions(body),
        },
    )


@page("agency_list")
@replica_view
def agency_list(request: HttpRequest) -> HttpResponse:
    filters = AgencyFilter(
        request.GET, queryset=agencies_visible_to(user_of(request)).select_related("eligibility")
    )
    if not filters.is_valid():
        return render(request, "agencies/list.html", {"form": filters.form, "page_obj": None}, status=400)
    page_obj = paginate(request, filters.qs, per_page=filters.page_size_value)
    return render(request, "agencies/list.html", {"form": filters.form, "page_obj": page_obj})


@page("agency_detail")
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    return render(
        request,
        "agencies/detail.html",
        {
            "agency": agency,
            "eligibility": eligibility_of(agency),
            "history": eligibility_history(agency)[:100],
            "applications": applications_visible_to(user_of(request)).filter(agency=agency),
        },
    )


@page("agency_create")
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = create_agency(actor=user_of(request), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Agency {agency.name} ({agency.ori}) added to the registry.")
            return redirect("agency_detail", pk=agency.pk)
    return render(request, "agencies/form.html", {"form": form, "agency": None})


@page("agency_edit")
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    form = AgencyForm(request.POST or None, initial=AgencyForm.initial_from(agency))
    if request.method == "POST" and form.is_valid():
        try:
            update_agency(actor=user_of(request), agency=agency, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Agency {agency.name} ({agency.ori}) saved.")
            return redirect("agency_detail", pk=agency.pk)
    return render(request, "agencies/form.html", {"form": form, "agency": agency})
