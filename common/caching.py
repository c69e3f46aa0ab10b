"""What a browser or a shared cache may keep.

- ``PrivateNoStoreMiddleware``: nothing shown to a signed-in person is kept, pages and API alike.
- ``public_cacheable``: the anonymous public pages and downloads (the same for everyone) may be kept by a
  shared cache for a minute. Such a response must carry no cookie, or the cache would hand one person's
  CSRF token or session to everyone. The servers keep such a page themselves too (the shared copy, in
  Django's cache): a request that carries no session and no messages, for the page itself or one of its
  page numbers, is answered from it without rendering anything, as a shared cache in front would.
- ``CookiesAreNeverPublicMiddleware``: the safety net under both. Any response that sets a cookie is
  made ``private``, whatever the view said (OWASP ASVS 8.2.1; RFC 9111, 3.5).
"""

import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

# What the README promises for the public list, its downloads and the Sec. 3 figures.
PUBLIC_MAX_AGE = 60

View = Callable[..., HttpResponseBase]
# The query strings a shared copy is kept for: none, or a page number (a search is answered each time).
_SHARED_COPY_PARAMETERS = {"page"}


def shared_copy_key(request: HttpRequest) -> str | None:
    """The key of the page kept for everyone, or None when this request may neither use nor make it: only
    a GET that carries no session (so nobody is signed in) and no messages (so nothing is shown to this
    person alone), without a query string or with only a page number."""
    if request.method != "GET":
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    if set(request.GET) - _SHARED_COPY_PARAMETERS or any(
        len(values) > 1 for _, values in request.GET.lists()
    ):
        return None
    where = f"{request.get_host()} {request.get_full_path()}"
    return "public-page:" + hashlib.sha256(where.encode()).hexdigest()[:40]


def _shown_to_this_request_only(request: HttpRequest) -> bool:
    """What the view did that a copy for everyone must not carry: a CSRF token handed out (its cookie is
    set after the view), the session changed, a message queued."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and getattr(storage, "_queued_messages", None))


def _from_copy(copy: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = copy
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def public_cacheable(view: View) -> View:
    """``Cache-Control: public, max-age=60`` on a successful answer, replacing what the view said (the
    downloads' private default). ``Vary: Cookie`` keeps a shared cache from answering a signed-in person
    with the anonymous copy; a signed-in person's own copy is made private by the middleware.

    The servers keep the anonymous answer for ``PUBLIC_MAX_AGE`` seconds (``shared_copy_key``): under a
    crowd each page is rendered about once a minute, not once per request. A streamed download is not kept
    (it is read from the cached rows each time)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = shared_copy_key(request)
        if key is not None:
            copy = cache.get(key)
            if copy is not None:
                return _from_copy(copy)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ("Cookie",))
            if (
                key is not None
                and isinstance(response, HttpResponse)
                and not response.cookies
                and not _shown_to_this_request_only(request)
            ):
                cache.set(
                    key, (response.status_code, list(response.items()), response.content), PUBLIC_MAX_AGE
                )
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
