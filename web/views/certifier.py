"""Certifiers: the body's review queue and the findings of a review, all on one form."""

from collections.abc import Iterable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from common.errors import DomainError, RuleViolation
from credentialing import services
from credentialing.dates import today
from credentialing.filters import ApplicationFilter, queue_query
from credentialing.models import CredentialApplication
from credentialing.selectors import applications_visible_to
from credentialing.states import ApplicationStatus

from ..access import page
from ..forms import FindingForm, FindingRowForm
from ..pagination import paginate
from .shared import detail_context, user_of, visible_application

WAITING_ON_US = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW})


def mark_waiting(applications: Iterable[CredentialApplication]) -> None:
    """Days each row has waited in its status and whose move it is, from columns already loaded."""
    current = today()
    for application in applications:
        application.days_waiting = (current - timezone.localdate(application.status_changed_at)).days  # type: ignore[attr-defined]
        application.whose_turn = (  # type: ignore[attr-defined]
            "Waiting on us"
            if application.status in WAITING_ON_US
            else "Waiting on the agency"
            if application.status == ApplicationStatus.RETURNED
            else ""
        )


@page("review_queue")
def review_queue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    default = queue_query(request.GET)
    if default is not None:
        # The queue's default view has a query string of its own, so the page always shows what its
        # address says (and the API answers the same query with the same rows).
        query = request.GET.copy()
        query.setlist("status", default["status"])
        query["ordering"] = default["ordering"]
        return redirect(f"{request.path}?{query.urlencode()}")
    rows = applications_visible_to(user).select_related("assigned_to")
    filters = ApplicationFilter(request.GET, queryset=rows, request=request)
    valid = filters.is_valid()
    page_obj = paginate(request, filters.qs, per_page=filters.page_size_value) if valid else None
    if page_obj is not None:
        page_obj.object_list = list(page_obj.object_list)
        mark_waiting(page_obj.object_list)
    return render(
        request,
        "certifier/queue.html",
        {"form": filters.form, "body": user.credentialing_body, "page_obj": page_obj},
        status=200 if valid else 400,
    )


@page("finding_record")
def finding_record(request: HttpRequest, pk: int, standard_pk: int) -> HttpResponse:
    user = user_of(request)
    application = visible_application(user, pk)
    if request.method != "POST":
        return redirect("application_detail", pk=application.pk)
    standard = next(
        (s for s in services.standards_reviewed_by(application.body_id) if s.pk == standard_pk), None
    )
    if standard is None:
        raise Http404("This body does not review that standard.")
    form = FindingForm(request.POST, prefix=f"std{standard.pk}")
    if form.is_valid():
        try:
            services.record_finding(
                application=application,
                actor=user,
                standard=standard,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("application_detail", pk=application.pk)
        messages.success(request, f"Finding recorded: {standard.title}.")
        return redirect("application_detail", pk=application.pk)
    context = detail_context(request, application, finding_forms={standard.pk: form})
    return render(request, "applications/detail.html", context, status=400)


@page("findings_record")
def findings_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Every standard's finding from the one review form; a refused row keeps what was typed in all."""
    user = user_of(request)
    application = visible_application(user, pk)
    if request.method != "POST":
        return redirect("application_detail", pk=application.pk)
    standards = services.standards_reviewed_by(application.body_id)
    forms = {s.pk: FindingRowForm(request.POST, prefix=f"std{s.pk}") for s in standards}
    if all([form.is_valid() for form in forms.values()]):
        rows = [
            (s, forms[s.pk].cleaned_data["outcome"], forms[s.pk].cleaned_data["note"])
            for s in standards
            if forms[s.pk].cleaned_data["outcome"]
        ]
        try:
            recorded = services.record_findings(application=application, actor=user, findings=rows)
        except DomainError as error:
            by_code = {s.code: forms[s.pk] for s in standards}
            if not isinstance(error, RuleViolation) or error.field not in by_code:
                messages.error(request, error.message)
                return redirect("application_detail", pk=application.pk)
            by_code[error.field].add_error(None, error.message)
        else:
            count = len(recorded)
            if count:
                messages.success(request, f"{count} finding{'s' if count != 1 else ''} recorded.")
            else:  # nothing changed: not a success to celebrate, and the certifier should know why
                messages.warning(
                    request,
                    "No finding was recorded: choose an outcome for at least one standard, "
                    "or change one already recorded, then save the findings.",
                )
            return redirect(f"{reverse('application_detail', args=[application.pk])}#findings")
    context = detail_context(request, application, finding_forms=forms)
    return render(request, "applications/detail.html", context, status=400)
