"""Forms of the people pages: they parse input; the accounts services decide what is allowed."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from accounts.filters import PersonFilter
from accounts.models import Role, User
from agencies.identifiers import normalize_ori
from agencies.models import Agency
from credentialing.models import CredentialingBody


def _bodies():
    return CredentialingBody.objects.order_by("name", "id")


class PersonListFilter(PersonFilter):
    """The shared filters, with the body chosen by name rather than typed as an id."""

    credentialing_body = django_filters.ModelChoiceFilter(
        queryset=_bodies(), label="Credentialing body", empty_label="- Any -"
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="- Any -")
    is_active = django_filters.BooleanFilter(
        label="Active",
        widget=forms.Select(choices=[("", "- Any -"), ("true", "Active"), ("false", "Deactivated")]),
    )

    class Meta(PersonFilter.Meta):
        fields = ["q", "role", "ori", "credentialing_body", "is_active"]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=[("", "- Select -"), *Role.choices])
    agency = forms.CharField(
        label="Agency ORI", required=False, max_length=20, help_text="For agency staff: their agency's ORI."
    )
    credentialing_body = forms.ModelChoiceField(
        queryset=_bodies(),
        required=False,
        label="Credentialing body",
        empty_label="- None -",
        help_text="For certifiers: the body they review for.",
    )
    reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Reason (optional)"
    )

    def clean_agency(self) -> Agency | None:
        raw = self.cleaned_data["agency"].strip()
        if not raw:
            return None
        ori = normalize_ori(raw)
        agency = Agency.objects.filter(ori=ori).first()
        if agency is None:
            raise ValidationError(f"No agency has the ORI {ori}.")
        return agency

    @staticmethod
    def initial_from(person: User) -> dict[str, Any]:
        return {
            "role": person.role,
            "agency": person.agency.ori if person.agency else "",
            "credentialing_body": person.credentialing_body_id,
        }


class PersonForm(RoleForm):
    username = forms.CharField(max_length=150, help_text="Letters, digits and @ . + - _ only.")
    first_name = forms.CharField(max_length=150, required=False, label="First name")
    last_name = forms.CharField(max_length=150, required=False, label="Last name")
    email = forms.EmailField(label="E-mail address", help_text="The link to set a password is sent here.")

    field_order = ["username", "first_name", "last_name", "email", "role", "agency", "credentialing_body"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["reason"]


class AccessForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Reason (optional)"
    )
