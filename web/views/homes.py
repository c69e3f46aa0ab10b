"""Each role's home: what needs them now, counted, each count a link to exactly the rows counted."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import Role, User

from .. import pending
from ..access import page
from ..navigation import HOME_BY_ROLE, entries_for, items
from .shared import user_of

HOMES: dict[str, tuple[str, Callable[[User], pending.Home]]] = {
    Role.CERTIFIER: ("homes/certifier.html", pending.certifier_home),
    Role.DOJ_ADMINISTRATOR: ("homes/administrator.html", pending.administrator_home),
    Role.GRANT_OFFICER: ("homes/officer.html", pending.officer_home),
}


@page("home")
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if user.role not in HOMES:
        return redirect(HOME_BY_ROLE[user.role])  # agency staff: the agency's dashboard is their home
    template, counted = HOMES[user.role]
    index = items(entries_for(user.role)[1:], None)  # every entry but the home itself
    return render(request, template, {"home": counted(user), "index": index})
