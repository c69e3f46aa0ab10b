"""Pages several roles share: the home redirect, an application's page, its actions, document download."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from common.errors import DomainError
from common.filtering import DATE_INPUT_FORMATS
from common.uploads import stored_file_response
from credentialing import services
from credentialing.actions import (
    APPLICATION_ACTIONS,
    available_actions,
    available_workbench_actions,
    perform_application_action,
)
from credentialing.dates import earliest_determination, today
from credentialing.models import CredentialApplication, EvidenceDocument, StandardKind
from credentialing.selectors import application_detail as select_application
from credentialing.selectors import applications_visible_to
from credentialing.services.applications import credential_dates
from credentialing.services.evidence import EDITABLE_STATES
from credentialing.states import CLOSED_WITH_CREDENTIAL, ApplicationStatus

from ..access import page
from ..forms import ActionForm, DocumentForm, FindingForm, FindingRowForm, add_domain_error
from ..workbench import workbench_context

DECIDED = CLOSED_WITH_CREDENTIAL | {ApplicationStatus.DENIED}


def user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def visible_application(user: User, pk: int) -> CredentialApplication:
    try:
        return select_application(user, pk)
    except CredentialApplication.DoesNotExist:
        raise Http404("No such application.") from None


def detail_context(
    request: HttpRequest,
    application: CredentialApplication,
    *,
    document_form: DocumentForm | None = None,
    finding_forms: Mapping[int, FindingForm] | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    findings = list(application.findings.all())
    context: dict[str, Any] = {
        "application": application,
        "documents": application.documents.all(),
        "transitions": application.transitions.all(),
        "findings": findings,
        "actions": available_actions(application, user),
        "show_findings": not user.is_agency_staff or application.status in DECIDED,
    }
    if user.is_agency_staff and application.status in EDITABLE_STATES:
        context["document_form"] = document_form or DocumentForm()
        context["can_edit"] = True
    if user.is_certifier and application.status == ApplicationStatus.UNDER_REVIEW:
        by_standard = {f.standard_id: f for f in findings}
        standards = services.standards_reviewed_by(application.body_id)
        forms = finding_forms or {}
        rows = []
        for standard in standards:
            current = by_standard.get(standard.pk)
            form = forms.get(standard.pk) or FindingRowForm(
                prefix=f"std{standard.pk}",
                initial={"outcome": current.outcome, "note": current.note} if current else None,
            )
            # One form holds every standard: each field names its standard for screen readers too.
            form.fields["outcome"].label = f"Finding on {standard.title}"
            form.fields["note"].label = f"Note on {standard.title}"
            rows.append({"standard": standard, "finding": current, "form": form})
        context["finding_rows"] = rows
        context["findings_recorded"] = sum(1 for s in standards if s.pk in by_standard)
        context["findings_refused"] = any(form.errors for form in forms.values())
        context["page_has_errors"] = context["findings_refused"]
        context["missing_minimums"] = [
            s
            for s in standards
            if s.kind == StandardKind.MANDATORY
            and not (s.pk in by_standard and by_standard[s.pk].outcome == "met")
        ]
    if available_workbench_actions(application, user):
        context["workbench"] = workbench_context(application, user)
    return context


@page("application_detail")
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = visible_application(user_of(request), pk)
    return render(request, "applications/detail.html", detail_context(request, application))


@page("application_action")
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = user_of(request)
    application = visible_application(user, pk)
    act = APPLICATION_ACTIONS.get(action)
    if act is None or act.transition.role != user.role:
        raise Http404("No such action.")
    with_page = act.own_page
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        action=act,
        initial={"determination_date": today()},
    )
    if request.method == "POST" and (form.is_valid() or not with_page):
        data = form.cleaned_data if with_page else {}
        try:
            perform_application_action(
                act.name,
                application=application,
                actor=user,
                note=data.get("note", ""),
                determination_date=data.get("determination_date"),
            )
        except DomainError as error:
            if not with_page:
                messages.error(request, error.message)
                return redirect("application_detail", pk=application.pk)
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"{application.reference} {act.done.format(body=application.body.name)}.",
            )
            if act.name == "delete_draft":  # its page is gone with it
                return redirect("agency_dashboard")
            return redirect("application_detail", pk=application.pk)
    elif request.method != "POST" and not with_page:
        return redirect("application_detail", pk=application.pk)
    context: dict[str, Any] = {"application": application, "action": act, "form": form}
    if act.name == "approve":
        context.update(_approval_preview(application, request.GET.get("determination_date")))
        if request.headers.get("HX-Request"):
            return render(request, "applications/_expiry_preview.html", context)
    return render(request, "applications/action.html", context)


def _approval_preview(application: CredentialApplication, raw: str | None) -> dict[str, Any]:
    try:
        day = forms.DateField(input_formats=DATE_INPUT_FORMATS).clean(raw) if raw else today()
    except forms.ValidationError:
        day = today()
    term = application.body.credential_term_months
    preview: dict[str, Any] = {
        "term_months": term,
        "preview_date": day,
        # The same bound credential_dates applies, so the page names exactly the first day it accepts.
        "earliest_determination": earliest_determination(today(), term),
    }
    try:
        preview["preview_determined"], preview["preview_expires"] = credential_dates(application.body, day)
    except DomainError as error:
        preview["preview_error"] = error.message
    return preview


@page("document_download")
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    visible = applications_visible_to(user_of(request))
    try:
        document = EvidenceDocument.objects.get(pk=pk, application__in=visible)
    except ObjectDoesNotExist:
        raise Http404("No such document.") from None
    return stored_file_response(document)
