"""Forms of the registry pages (bodies, the standards catalogue): they parse; the services decide."""

from typing import Any

from django import forms

from agencies.models import AgencyType
from agencies.states import State
from credentialing.models import CredentialingBody, Standard, StandardKind
from credentialing.services.registry import DEFAULT_TERM_MONTHS


class BodyForm(forms.Form):
    name = forms.CharField(max_length=200)
    abbreviation = forms.CharField(max_length=20, required=False)
    states_served = forms.MultipleChoiceField(
        choices=State.choices,
        required=False,
        label="States served",
        help_text=(
            "None chosen: a national body. A change does not touch existing applications; it decides "
            "which agencies can apply from now on."
        ),
    )
    agency_types_served = forms.MultipleChoiceField(
        choices=AgencyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Agency types served",
        help_text="None chosen: every type. A change does not touch existing applications.",
    )
    is_primary = forms.BooleanField(
        required=False,
        label="Primary body of its state",
        help_text="Where a state has two designated bodies.",
    )
    credential_term_months = forms.IntegerField(
        min_value=1,
        max_value=120,
        required=False,
        label="Credential term (months)",
        help_text=(
            f"{DEFAULT_TERM_MONTHS} months unless set. A change applies to approvals from then on: "
            "credentials already awarded keep their expiry date."
        ),
    )
    discretionary_standards = forms.ModelMultipleChoiceField(
        queryset=Standard.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Discretionary principles reviewed",
        help_text="The two mandatory Sec. 2(c) minimums are always reviewed and are not listed here.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discretionary_standards"].queryset = Standard.objects.filter(  # type: ignore[attr-defined]
            kind=StandardKind.DISCRETIONARY, retired_at__isnull=True
        )

    @staticmethod
    def initial_from(body: CredentialingBody) -> dict[str, Any]:
        return {
            "name": body.name,
            "abbreviation": body.abbreviation,
            "states_served": body.states_served,
            "agency_types_served": body.agency_types_served,
            "is_primary": body.is_primary,
            "credential_term_months": body.credential_term_months,
            "discretionary_standards": list(body.discretionary_standards.values_list("pk", flat=True)),
        }


class StandardForm(forms.Form):
    code = forms.SlugField(
        max_length=64,
        help_text="Lower-case letters, digits and hyphens: duty-to-intervene. It cannot change later.",
    )
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, with_code: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["code"]


class StandardChangeForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), label="Reason (optional)"
    )
