"""What a browser or a shared cache may keep.

- ``PrivateNoStoreMiddleware``: nothing shown to a signed-in person is kept, pages and API alike.
- ``public_cacheable``: the anonymous public pages and downloads (the same for everyone) may be kept by a
  shared cache for a minute. Such a response must carry no cookie, or the cache would hand one person's
  CSRF token or session to everyone.
- ``CookiesAreNeverPublicMiddleware``: the safety net under both. Any response that sets a cookie is
  made ``private``, whatever the view said (OWASP ASVS 8.2.1; RFC 9111, 3.5).
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

# What the README promises for the public list, its downloads and the Sec. 3 figures.
PUBLIC_MAX_AGE = 60

View = Callable[..., HttpResponseBase]


def public_cacheable(view: View) -> View:
    """``Cache-Control: public, max-age=60`` on a successful answer, replacing what the view said (the
    downloads' private default). ``Vary: Cookie`` keeps a shared cache from answering a signed-in person
    with the anonymous copy; a signed-in person's own copy is made private by the middleware."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ("Cookie",))
        return response

    wrapper.public_cacheable = True  # type: ignore[attr-defined]
    return wrapper


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user, pages and API alike.

    The check runs after the view: the API authenticates tokens inside the view and sets the user on
    the underlying request then, so token callers are covered as well as session ones.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class CookiesAreNeverPublicMiddleware:
    """Outside the session and CSRF middleware, so that it sees every cookie they set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.cookies:
            if "public" in response.get("Cache-Control", ""):
                # A public page rendered something that asked for a cookie (a CSRF token, a session):
                # a bug to fix in that page, but nobody else may ever get the cookie meanwhile.
                logger.warning("a public response set cookies %s; made private", sorted(response.cookies))
            patch_cache_control(response, private=True)
        return response
