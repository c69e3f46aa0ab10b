"""What every page's header needs: the signed-in user's role, organisation and navigation."""

from functools import partial
from typing import Any

from django.http import HttpRequest

from accounts.mfa.selectors import step_owed

from .navigation import HOME_BY_ROLE, PUBLIC_HOME, PUBLIC_NAVIGATION, entries_for, entry_url, items

SECOND_STEP_PAGES = {"mfa_verify", "mfa_enrol"}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The role's header entries (``web.navigation``), or the public ones for someone not signed in."""
    user: Any = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    role = getattr(user, "role", None)
    # The public pages show these whoever reads them: they are cached for everyone alike. Built only when
    # a template reads them (a callable in the context is called there): the other pages never do.
    public_items = partial(items, PUBLIC_NAVIGATION, current)
    public = {"public_nav_items": public_items, "public_home_url": entry_url(PUBLIC_HOME)}
    if role is None:
        return {**public, "nav_items": public_items, "home_url": public["public_home_url"]}
    if current in SECOND_STEP_PAGES and not user.is_verified() and step_owed(user) is not None:
        return public  # nothing else opens before the second sign-in step
    role_items = items(entries_for(role), current)
    return {**public, "nav_items": role_items, "home_url": entry_url(HOME_BY_ROLE[role])}
