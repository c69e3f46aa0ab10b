"""Agency staff: the agency's dashboard, drafting and editing applications, uploading evidence."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from agencies.models import Agency
from common.errors import DomainError
from common.replica import replica_view
from credentialing import services
from credentialing.actions import available_actions
from credentialing.models import CredentialApplication
from credentialing.selectors import applications_visible_to, bodies_accepting
from credentialing.services.evidence import EDITABLE_STATES
from credentialing.states import ApplicationStatus
from grants.selectors import eligibility_of

from ..access import page
from ..forms import ApplicationForm, DocumentForm, add_domain_error
from ..pagination import paginate
from ..pending import agency_home
from ..shown import shown
from .shared import user_of, visible_application
from .steps import steps_context


def agency_of(user: User) -> Agency:
    """The staff member's agency (the database requires one for this role)."""
    if user.agency is None:
        raise Http404("No agency.")
    return user.agency


APPLICATIONS_SHOWN = {
    status.value: f"applications {status.label.lower()}"
    for status in ApplicationStatus
    if status != ApplicationStatus.DELETED
}


@page("agency_dashboard")
@replica_view
def agency_dashboard(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    agency = agency_of(user)
    show = shown(request, APPLICATIONS_SHOWN, param="status")
    applications = applications_visible_to(user).order_by("-created_at", "-id")
    if show.value:
        applications = applications.filter(status=show.value)
    return render(
        request,
        "agency/dashboard.html",
        {
            "agency": agency,
            "eligibility": eligibility_of(agency),
            "home": agency_home(user, agency),
            "page_obj": paginate(request, applications, per_page=25),
            "shown": show,
            "shown_all_url": f"{request.path}#applications-heading",
        },
        status=show.status,
    )


@page("application_create")
def application_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    agency = agency_of(user)
    bodies = bodies_accepting(agency)
    form = ApplicationForm(request.POST or None, bodies=bodies, step="details")
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                agency=agency, actor=user, body=form.cleaned_data["body"], notes=form.cleaned_data["notes"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Draft {application.reference} created. Next, add the evidence.")
            return redirect("application_evidence", pk=application.pk)
    return render(
        request,
        "agency/application_form.html",
        {"form": form, "bodies": bodies, "application": None, **steps_context(None, "details")},
    )


@page("application_edit")
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    application = visible_application(user, pk)
    if application.status not in EDITABLE_STATES:
        messages.error(
            request,
            f"{application.reference} is {application.get_status_display().lower()}: "
            "only a draft or a returned application can be edited.",
        )
        return redirect("application_detail", pk=application.pk)
    is_draft = application.status == ApplicationStatus.DRAFT
    bodies = bodies_accepting(application.agency) if is_draft else []
    if is_draft and application.body not in bodies:
        bodies.append(application.body)
    initial = {"body": application.body_id, "notes": application.notes}
    form = ApplicationForm(
        request.POST or None, bodies=bodies, with_body=is_draft, initial=initial, step="details"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                application=application,
                actor=user,
                body=form.cleaned_data.get("body"),
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{application.reference}: details saved.")
            return redirect("application_evidence", pk=application.pk)
    return render(
        request,
        "agency/application_form.html",
        {"form": form, "bodies": bodies, "application": application, **steps_context(application, "details")},
    )


def _editable(request: HttpRequest, pk: int) -> tuple[User, CredentialApplication] | HttpResponse:
    """The staff member and the application when it can still change, else the way back to its page."""
    user = user_of(request)
    application = visible_application(user, pk)
    if not user.is_agency_staff or application.status not in EDITABLE_STATES:
        messages.error(
            request,
            f"{application.reference} is {application.get_status_display().lower()}: "
            "only a draft or a returned application can be changed.",
        )
        return redirect("application_detail", pk=application.pk)
    return user, application


def _evidence_page(
    request: HttpRequest,
    application: CredentialApplication,
    form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "application": application,
        "documents": application.documents.all(),
        "document_form": form or DocumentForm(),
        **steps_context(application, "evidence"),
    }
    return render(request, "agency/steps/evidence.html", context, status=status)


@page("application_evidence")
def application_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    found = _editable(request, pk)
    if isinstance(found, HttpResponse):
        return found
    return _evidence_page(request, found[1])


@page("application_attestations")
def application_attestations(request: HttpRequest, pk: int) -> HttpResponse:
    found = _editable(request, pk)
    if isinstance(found, HttpResponse):
        return found
    user, application = found
    initial = {name: getattr(application, name) for name in ApplicationForm.ATTESTATIONS}
    form = ApplicationForm(request.POST or None, bodies=[], initial=initial, step="attestations")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                application=application,
                actor=user,
                attests_legal_compliance=form.cleaned_data["attests_legal_compliance"],
                attests_chokehold_prohibition=form.cleaned_data["attests_chokehold_prohibition"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{application.reference}: attestations saved.")
            return redirect("application_review", pk=application.pk)
    context = {"application": application, "form": form, **steps_context(application, "attestations")}
    return render(request, "agency/steps/attestations.html", context)


@page("application_review")
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _editable(request, pk)
    if isinstance(found, HttpResponse):
        return found
    user, application = found
    context = {
        "application": application,
        "documents": application.documents.all(),
        "actions": [a for a in available_actions(application, user) if a.name != "submit"],
        **steps_context(application, "review"),
    }
    return render(request, "agency/steps/review.html", context)


@page("document_upload")
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    application = visible_application(user, pk)
    if request.method != "POST":
        return redirect("application_detail", pk=application.pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.attach_document(
                application=application,
                actor=user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{document.get_kind_display()} “{document.original_name}” uploaded.")
            return redirect("application_evidence", pk=application.pk)
    if application.status not in EDITABLE_STATES:
        problems = [str(message) for errors in form.errors.values() for message in errors]
        messages.error(request, " ".join(problems) or "This application's evidence cannot change now.")
        return redirect("application_detail", pk=application.pk)
    return _evidence_page(request, visible_application(user, pk), form, status=400)
