"""DOJ credentialing administrators: the people of the tracker, their role, organisation and access."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import services
from accounts.models import User
from accounts.rules import is_oneself
from accounts.selectors import audit_entries_about, people
from common.errors import DomainError, NotAllowed
from notifications.selectors import bounces_of, pending_of

from ..access import page
from ..forms import add_domain_error
from ..pagination import page_size_from, paginate
from ..people_forms import AccessForm, PersonForm, PersonListFilter, RoleForm
from .shared import user_of

ACCESS_CHANGES = {
    "deactivate": ("Deactivate", services.deactivate_user),
    "reactivate": ("Reactivate", services.reactivate_user),
}


def _posted(request: HttpRequest):
    # An empty POST is still a submission (a confirmation with no reason given).
    return request.POST if request.method == "POST" else None


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _refused(form, error: DomainError) -> int:
    add_domain_error(form, error)
    return 403 if isinstance(error, NotAllowed) else 200


@page("person_list")
def person_list(request: HttpRequest) -> HttpResponse:
    filters = PersonListFilter(request.GET or None, queryset=people())
    # A filter that does not parse shows its error and no rows, rather than quietly everyone.
    rows = people() if not filters.is_bound else filters.qs if filters.is_valid() else people().none()
    page_obj = paginate(request, rows, per_page=page_size_from(request, default=50))
    return render(
        request, "people/list.html", {"filters": filters, "form": filters.form, "page_obj": page_obj}
    )


@page("person_detail")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people(), pk=pk)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "oneself": is_oneself(user_of(request), person),
            "entries": audit_entries_about(person)[:100],
            "bounces": bounces_of(person),
            "mail_pending": pending_of(person),
        },
    )


@page("person_create")
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(_posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.create_user(actor=user_of(request), base_url=_site(request), **data)
        except DomainError as error:
            status = _refused(form, error)
        else:
            messages.success(
                request, f"{person.username} added. A link to set a password was sent to {person.email}."
            )
            return redirect("person_detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": None}, status=status)


@page("person_role")
def person_role(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people(), pk=pk)
    form = RoleForm(_posted(request), initial=RoleForm.initial_from(person))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(actor=user_of(request), user=person, **form.cleaned_data)
        except DomainError as error:
            status = _refused(form, error)
        else:
            messages.success(request, f"{person.username}'s role and organisation saved.")
            return redirect("person_detail", pk=person.pk)
    context = {"form": form, "person": person, "oneself": is_oneself(user_of(request), person)}
    return render(request, "people/form.html", context, status=status)


@page("person_access")
def person_access(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    if action not in ACCESS_CHANGES:
        raise Http404("No such action.")
    label, service = ACCESS_CHANGES[action]
    form = AccessForm(_posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=user_of(request), user=person, reason=form.cleaned_data["reason"])
        except DomainError as error:
            status = _refused(form, error)
        else:
            messages.success(request, f"{person.username}: {label.lower()}d.")
            return redirect("person_detail", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "label": label,
        "action": action,
        "oneself": is_oneself(user_of(request), person),
        "possible": person.is_active == (action == "deactivate"),
    }
    return render(request, "people/confirm.html", context, status=status)


@page("person_send_link")
def person_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = AccessForm(_posted(request))
    status = 200
    if request.method == "POST":
        try:
            services.send_set_password_link(actor=user_of(request), user=person, base_url=_site(request))
        except DomainError as error:
            status = _refused(form, error)
        else:
            messages.success(request, f"A link to set a password was sent to {person.email}.")
            return redirect("person_detail", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "label": "Send a set-password link",
        "action": "link",
        "possible": person.is_active,
    }
    return render(request, "people/confirm.html", context, status=status)
