"""Certifiers: the body's review queue and findings per standard."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.errors import DomainError
from credentialing import services
from credentialing.selectors import review_queue as select_queue
from credentialing.states import REVIEW_QUEUE_STATES

from ..access import page
from ..forms import FindingForm, QueueFilterForm
from ..pagination import page_size_from, paginate
from .shared import detail_context, user_of, visible_application

QUEUE_ORDER = {
    "oldest": ("status_changed_at", "id"),
    "newest": ("-status_changed_at", "-id"),
    "agency": ("agency__name", "id"),
    "submitted": ("submitted_at", "id"),
}


@page("review_queue")
def review_queue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    # Unfiltered, the queue shows the active states: the form says so by ticking them.
    form = QueueFilterForm(request.GET or None, initial={"status": sorted(REVIEW_QUEUE_STATES)})
    statuses: list[str] = []
    state = sort = ""
    if form.is_valid():
        statuses = form.cleaned_data["status"]
        state = form.cleaned_data["state"]
        sort = form.cleaned_data["sort"]
    rows = select_queue(user, statuses=statuses, state=state or None).order_by(
        *QUEUE_ORDER.get(sort or "oldest", QUEUE_ORDER["oldest"])
    )
    return render(
        request,
        "certifier/queue.html",
        {
            "form": form,
            "body": user.credentialing_body,
            "page_obj": paginate(request, rows, per_page=page_size_from(request, default=25)),
        },
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
