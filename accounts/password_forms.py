"""The form every door uses to change one's own password: the product's page and Django's admin alike.

Django checks the old password and runs the configured validators; saving goes through the accounts
service, which writes the ``user.password_changed`` audit row (and, by the user's save, revokes the
person's API tokens)."""

from typing import Any

from django.contrib.auth import forms as auth_forms

from .services import change_own_password


class OwnPasswordChangeForm(auth_forms.PasswordChangeForm):
    def save(self, commit: bool = True) -> Any:
        return change_own_password(user=self.user, password=self.cleaned_data["new_password1"])


class AdminOwnPasswordChangeForm(OwnPasswordChangeForm):
    """The admin's page marks required fields, as Django's own admin form does."""

    required_css_class = "required"
