"""Passwords are their owner's: changed by them, or set through a single-use link sent to their address.

The link carries Django's ``default_token_generator`` token, which stops working once the password
changes (or the person signs in) and after ``PASSWORD_RESET_TIMEOUT``.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.audit import record
from common.errors import InvalidTransition

from ..models import User
from .checks import require_people_manager


def set_password_link(person: User, base_url: str) -> str:
    """The absolute address of the page where ``person`` chooses a password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return base_url.rstrip("/") + path


def mail_set_password_link(person: User, *, base_url: str, invited_by: User | None) -> None:
    context = {
        "person": person,
        "link": set_password_link(person, base_url),
        "invited_by": invited_by,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = render_to_string("registration/set_password_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("registration/set_password_email.txt", context),
        to=[person.email],
    )
    message.attach_alternative(render_to_string("registration/set_password_email.html", context), "text/html")
    message.send()


def send_set_password_link(*, actor: User, user: User, base_url: str) -> None:
    """A DOJ credentialing administrator sends a person a link to set their own password."""
    require_people_manager(actor)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=user.pk)
        if not person.is_active:
            raise InvalidTransition(f"{person.username} is deactivated: reactivate them first.")
        record(actor=actor, action="user.set_password_link_sent", obj=person)
        # Sent inside the transaction: a link that could not be sent leaves no entry saying it was.
        mail_set_password_link(person, base_url=base_url, invited_by=actor)


def _set_password(user: User, password: str, action: str) -> User:
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        # The caller's own instance gets the new hash, so that its session can be kept.
        user.set_password(password)
        user.save(update_fields=["password"])
        record(actor=user, action=action, obj=user)
    return user


def change_own_password(*, user: User, password: str) -> User:
    """The signed-in person changes their password (the form has checked the old one)."""
    return _set_password(user, password, "user.password_changed")


def set_password_from_link(*, user: User, password: str) -> User:
    """The person chose a password through a valid set-password link."""
    return _set_password(user, password, "user.password_set")


def set_password_by_operator(*, user: User, password: str, reason: str = "") -> User:
    """The operator sets a person's password on the server (``manage.py changepassword``): on the
    record as a change by nobody in the product, with the operator's reason."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        user.set_password(password)
        user.save(update_fields=["password"])
        record(
            actor=None,
            action="user.password_changed",
            obj=user,
            reason=reason or "set by the operator with manage.py changepassword",
        )
    return user
