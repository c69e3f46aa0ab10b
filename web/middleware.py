"""No page, admin screen or API call for a session that still owes its second sign-in step.

Runs after django-otp's ``OTPMiddleware``, which says whether this session was verified by a device.
Only the second-step pages themselves and signing out stay open. Token-authenticated API calls carry
no session and pass untouched: tokens are issued to people who passed sign-in.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.mfa.selectors import Step, step_owed

OPEN_DURING_SIGN_IN = frozenset({"mfa_verify", "mfa_enrol", "logout"})
API_NAMESPACE = "v1"
STEP_PAGES = {Step.VERIFY: "mfa_verify", Step.ENROL: "mfa_enrol"}


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_DURING_SIGN_IN:
            return None
        step = step_owed(user)
        if step is None:
            return None
        if match is not None and API_NAMESPACE in match.namespaces:
            return JsonResponse(
                {"detail": "Finish signing in with your second factor first.", "code": "second_factor"},
                status=403,
            )
        return redirect(f"{reverse(STEP_PAGES[step])}?{urlencode({'next': request.get_full_path()})}")
