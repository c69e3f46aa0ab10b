"""The second sign-in step: verify a code, enrol an authenticator app, recovery codes.

The rules live in ``accounts.mfa``; these views parse the code, mark the session verified and say
what happened. ``web.middleware.SecondFactorMiddleware`` sends a session that owes a step here.
"""

import math
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.mfa import selectors, services
from accounts.mfa.selectors import Step
from accounts.mfa.services import CodeCheck
from accounts.rules import must_use_second_factor
from common.errors import DomainError

from ..access import page
from ..forms import add_domain_error
from ..mfa_forms import EnrolForm, VerifyForm
from .shared import user_of


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _mark_verified(request: HttpRequest, device: Device) -> None:
    # A new session key for the more privileged session, as at sign-in.
    request.session.cycle_key()
    otp_login(request, device)


def _wrong_code(check: CodeCheck) -> str:
    if check.locked_until is not None:
        wait = max(1, math.ceil((check.locked_until - timezone.now()).total_seconds()))
        return (
            f"Too many wrong codes in a row. Wait {wait} second{pluralize(wait)}, then enter the code again."
        )
    left = settings.MFA_MAX_FAILED_CODES - check.failures
    return f"That code is not right. {left} more wrong {'code signs' if left == 1 else 'codes sign'} you out."


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, enrolled: bool) -> HttpResponse:
    context = {"codes": codes, "enrolled": enrolled, "next": _next_url(request)}
    response = render(request, "mfa/recovery_codes_new.html", context)
    # Shown once: never kept by a browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@page("mfa_verify")
def verify(request: HttpRequest) -> HttpResponse:
    user: Any = user_of(request)
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    step = selectors.step_owed(user)
    if step is Step.ENROL:
        return redirect(f"{reverse('mfa_enrol')}?{request.GET.urlencode()}")
    if step is None:
        return redirect(next_url)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.check_code(user=user, code=form.cleaned_data["code"])
        if check.passed:
            _mark_verified(request, check.device)
            if isinstance(check.device, StaticDevice):
                left = selectors.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} left. "
                    "Make new ones under Sign-in security if you are running short.",
                )
            return redirect(next_url)
        # Only a code that was looked at and found wrong counts; while the device backs off the person
        # is told to wait (the count is the device's, so it carries over to the next sign-in).
        if check.locked_until is None and check.failures >= settings.MFA_MAX_FAILED_CODES:
            logout(request)
            messages.error(request, "Too many wrong codes: you have been signed out. Sign in again.")
            return redirect("login")
        form.add_error("code", _wrong_code(check))
    return render(request, "mfa/verify.html", {"form": form, "next": next_url})


@page("mfa_enrol")
def enrol(request: HttpRequest) -> HttpResponse:
    user: Any = user_of(request)
    if selectors.has_authenticator(user):
        return redirect("mfa_account" if user.is_verified() else "mfa_verify")
    try:
        device = services.pending_authenticator(user=user)
    except DomainError:
        return redirect("mfa_verify")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.confirm_enrolment(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if check.passed:
                _mark_verified(request, check.device)
                return _recovery_codes_page(request, check.recovery_codes, enrolled=True)
            form.add_error("code", _wrong_code(check) if check.locked_until else "That code is not right.")
    qr = segno.make_qr(device.config_url, error="m")
    context = {
        "form": form,
        "qr_code": qr.svg_data_uri(scale=5, border=4, dark="#1b1b1b", light="#ffffff"),
        "qr_size": qr.symbol_size(scale=5, border=4)[0],
        "secret": selectors.secret_for_manual_entry(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "required": selectors.step_owed(user) is Step.ENROL,
        "next": _next_url(request),
    }
    response = render(request, "mfa/enrol.html", context)
    response["Cache-Control"] = "no-store"
    return response


@page("mfa_account")
def account(request: HttpRequest) -> HttpResponse:
    user: Any = user_of(request)
    context = {
        "has_authenticator": selectors.has_authenticator(user),
        "recovery_codes_left": selectors.recovery_codes_left(user),
        "required": must_use_second_factor(user),
    }
    return render(request, "mfa/account.html", context)


@page("mfa_recovery_codes")
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user: Any = user_of(request)
    if not selectors.has_authenticator(user):
        return redirect("mfa_enrol")
    if request.method == "POST":
        try:
            codes = services.regenerate_recovery_codes(user=user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("mfa_account")
        return _recovery_codes_page(request, codes, enrolled=False)
    return render(
        request, "mfa/recovery_codes.html", {"recovery_codes_left": selectors.recovery_codes_left(user)}
    )
