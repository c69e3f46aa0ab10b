"""Everyone's own password: change it signed in, or reset a forgotten one through an e-mailed link.

Django's views do the work (tokens, the configured password validators, keeping the session after a
change); the forms hand the new password to the accounts services, which write the audit row.
"""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.models import User
from accounts.password_forms import OwnPasswordChangeForm
from accounts.services import set_password_from_link


class SetPasswordForm(auth_forms.SetPasswordForm):
    def save(self, commit: bool = True) -> Any:
        return set_password_from_link(user=self.user, password=self.cleaned_data["new_password1"])


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email: str) -> Iterator[Any]:
        # Also people who never chose a password (their invitation link expired): only active ones.
        return iter(User.objects.filter(email__iexact=email, is_active=True))


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")
