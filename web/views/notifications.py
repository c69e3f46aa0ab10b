"""Everyone's notifications and e-mail choices; the one-click unsubscribe; undelivered mail for DOJ."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from common.errors import DomainError, NotFound
from notifications import selectors, services
from notifications.actions import with_current_actions
from notifications.kinds import BY_ROLE, REQUIRED, Kind
from notifications.models import OptOut
from notifications.signing import BadLink, read_unsubscribe_token

from ..access import page
from ..pagination import paginate
from ..shown import shown
from .shared import user_of


@page("notification_list")
def notification_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if request.method == "POST":
        if "all" in request.POST:
            count = services.mark_all_read(user=user)
            messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
        else:
            try:
                services.mark_read(user=user, notification_id=int(request.POST.get("notification", "")))
            except (ValueError, NotFound):
                messages.error(request, "That notification does not exist.")
        return redirect(request.get_full_path())
    show = shown(request, {"unread": "unread notifications"})
    rows = selectors.inbox(user)
    if show.value == "unread":
        rows = rows.filter(read_at__isnull=True)
    page_obj = paginate(request, rows, per_page=25)
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page_obj, "notices": with_current_actions(list(page_obj.object_list)), "shown": show},
        status=show.status,
    )


class PreferencesForm(forms.Form):
    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        off = set(OptOut.objects.filter(user=user).values_list("kind", flat=True))
        self.kinds = list(BY_ROLE.get(user.role, ()))
        for kind in self.kinds:
            required = kind in REQUIRED
            self.fields[kind.value] = forms.BooleanField(
                label=str(kind.label),
                required=False,
                initial=required or kind.value not in off,
                disabled=required,
                help_text="Always sent: it cannot be turned off." if required else "",
            )


@page("notification_preferences")
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = PreferencesForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        wanted = {
            name: bool(value) for name, value in form.cleaned_data.items() if Kind(name) not in REQUIRED
        }
        try:
            services.set_email_preferences(user=user, wanted=wanted)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your e-mail choices are saved.")
            return redirect("notification_preferences")
    return render(
        request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200
    )


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "notifications/unsubscribe_refused.html", {"reason": reason}, status=400)


# The signature is the proof of who asks; mail clients POST here without a session (RFC 8058), so
# there is no CSRF token to check and nothing else the request could do.
@csrf_exempt
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            user, kind = services.unsubscribe(token=token)
            return render(request, "notifications/unsubscribed.html", {"kind": kind, "person": user})
        _, kind = read_unsubscribe_token(token)
    except BadLink as error:
        return _refused(request, str(error))
    except DomainError as error:
        return _refused(request, error.message)
    return render(request, "notifications/unsubscribe.html", {"kind": kind})


@page("notification_delivery")
def notification_delivery(request: HttpRequest) -> HttpResponse:
    page_obj = paginate(request, selectors.undelivered(), per_page=50)
    return render(
        request,
        "notifications/delivery.html",
        {"page_obj": page_obj, "summary": selectors.delivery_summary()},
    )
