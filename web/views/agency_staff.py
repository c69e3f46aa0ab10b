"""Agency staff: the agency's dashboard, drafting and editing applications, uploading evidence."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import User
from agencies.models import Agency
from common.errors import DomainError
from common.replica import replica_view
from credentialing import services
from credentialing.selectors import applications_visible_to, bodies_accepting
from credentialing.services.evidence import EDITABLE_STATES
from credentialing.states import ApplicationStatus
from grants.selectors import eligibility_of

from ..access import page
from ..forms import ApplicationForm, DocumentForm, add_domain_error
from ..pagination import paginate
from .shared import detail_context, user_of, visible_application


def agency_of(user: User) -> Agency:
    """The staff member's agency (the database requires one for this role)."""
    if user.agency is None:
        raise Http404("No agency.")
    return user.agency


@page("agency_dashboard")
@replica_view
def agency_dashboard(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    agency = agency_of(user)
    applications = applications_visible_to(user).order_by("-created_at", "-id")
    return render(
        request,
        "agency/dashboard.html",
        {
            "agency": agency,
            "eligibility": eligibility_of(agency),
            "page_obj": paginate(request, applications, per_page=25),
        },
    )


@page("application_create")
def application_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    agency = agency_of(user)
    bodies = bodies_accepting(agency)
    form = ApplicationForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_application(
                agency=agency,
                actor=user,
                body=form.cleaned_data["body"],
                attests_legal_compliance=form.cleaned_data["attests_legal_compliance"],
                attests_chokehold_prohibition=form.cleaned_data["attests_chokehold_prohibition"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"Draft {application.reference} created. Add the evidence documents, then submit."
            )
            return redirect("application_detail", pk=application.pk)
    return render(
        request, "agency/application_form.html", {"form": form, "bodies": bodies, "application": None}
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
    initial = {
        "body": application.body_id,
        "attests_legal_compliance": application.attests_legal_compliance,
        "attests_chokehold_prohibition": application.attests_chokehold_prohibition,
        "notes": application.notes,
    }
    form = ApplicationForm(request.POST or None, bodies=bodies, with_body=is_draft, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(
                application=application,
                actor=user,
                body=form.cleaned_data.get("body"),
                attests_legal_compliance=form.cleaned_data["attests_legal_compliance"],
                attests_chokehold_prohibition=form.cleaned_data["attests_chokehold_prohibition"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{application.reference} saved.")
            return redirect("application_detail", pk=application.pk)
    return render(
        request, "agency/application_form.html", {"form": form, "bodies": bodies, "application": application}
    )


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
            return redirect("application_detail", pk=application.pk)
    if application.status not in EDITABLE_STATES:
        problems = [str(message) for errors in form.errors.values() for message in errors]
        messages.error(request, " ".join(problems) or "This application's evidence cannot change now.")
        return redirect("application_detail", pk=application.pk)
    messages.error(request, "The document was not uploaded: see the error below.")
    application = visible_application(user, pk)
    return render(
        request,
        "applications/detail.html",
        detail_context(request, application, document_form=form),
        status=400,
    )
