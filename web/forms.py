"""Forms of the web interface: they parse input; the services decide what is allowed."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from agencies.identifiers import format_ein, normalize_ein, normalize_ori, validate_ein, validate_ori
from agencies.models import Agency, AgencyType
from agencies.states import State
from common.errors import DomainError
from common.filtering import DATE_INPUT_FORMATS, DATE_INVALID
from credentialing.actions import ApplicationAction
from credentialing.models import CredentialApplication, CredentialingBody, EvidenceKind, FindingOutcome
from grants.models import ProgramKind

BLANK = [("", "- Any -")]


def add_domain_error(form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's refusal next to its field when the form has that field, else above the form."""
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _label(model: type, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name).capitalize()  # type: ignore[attr-defined]


class ApplicationForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=CredentialingBody.objects.none(),
        label="Credentialing body",
        help_text="Only bodies certified by the Attorney General that serve your agency's state and type.",
    )
    attests_legal_compliance = forms.BooleanField(
        required=False, label=_label(CredentialApplication, "attests_legal_compliance")
    )
    attests_chokehold_prohibition = forms.BooleanField(
        required=False, label=_label(CredentialApplication, "attests_chokehold_prohibition")
    )
    notes = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Notes for the credentialing body",
    )

    ATTESTATIONS = ("attests_legal_compliance", "attests_chokehold_prohibition")

    def __init__(
        self,
        *args: Any,
        bodies: list[CredentialingBody],
        with_body: bool = True,
        step: str = "",
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        # The guided form asks for the details and the attestations on separate steps: a step's form
        # holds only its own fields, so saving one step leaves the other's answers as they were.
        if step == "details":
            for name in self.ATTESTATIONS:
                del self.fields[name]
        elif step == "attestations":
            with_body = False
            del self.fields["notes"]
        if with_body:
            self.fields["body"].queryset = CredentialingBody.objects.filter(  # type: ignore[attr-defined]
                pk__in=[b.pk for b in bodies]
            ).order_by("name")
        else:
            del self.fields["body"]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "- Select -"), *EvidenceKind.choices], label="Kind of document")
    file = forms.FileField(label="File", help_text="PDF, PNG, JPEG or Word (.docx).")


class FindingForm(forms.Form):
    outcome = forms.ChoiceField(choices=FindingOutcome.choices, widget=forms.RadioSelect, label="Finding")
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}), label="Note"
    )


class FindingRowForm(FindingForm):
    """One standard's row of the review form: left blank, it records nothing."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("note", "").strip() and not data.get("outcome"):
            self.add_error("outcome", "Choose met or not met to record this note.")
        return data


class ActionForm(forms.Form):
    determination_date = forms.DateField(
        label="Determination date",
        help_text="Today, or the date of this body's earlier determination within the past 36 months.",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
    )
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, action: ApplicationAction, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not action.asks_date:
            del self.fields["determination_date"]
        note = self.fields["note"]
        note.required = action.needs_reason
        note.label = "Reason" if action.needs_reason else "Note (optional)"
        if action.needs_reason:
            note.help_text = "The agency sees this reason in the application's timeline."


class CertificationForm(forms.Form):
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, needs_note: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = needs_note
        self.fields["note"].label = "Note" if needs_note else "Note (optional)"


class AgencyForm(forms.Form):
    name = forms.CharField(max_length=200)
    ori = forms.CharField(
        label="ORI", max_length=20, help_text="9 characters, starting with the state code: CA0194200."
    )
    ein = forms.CharField(label="EIN", max_length=20, help_text="Nine digits: 95-6000735.")
    agency_type = forms.ChoiceField(choices=[("", "- Select -"), *AgencyType.choices], label="Agency type")
    state = forms.ChoiceField(choices=[("", "- Select -"), *State.choices], label="State or territory")
    county = forms.CharField(max_length=100, required=False)
    city = forms.CharField(max_length=100, required=False)
    sworn_officers = forms.IntegerField(min_value=0, max_value=100_000, label="Sworn officers")
    head_name = forms.CharField(max_length=150, label="Head of agency")
    head_title = forms.CharField(max_length=100, label="Head of agency's title", initial="Chief of Police")

    def clean_ori(self) -> str:
        value = normalize_ori(self.cleaned_data["ori"])
        validate_ori(value)
        return value

    def clean_ein(self) -> str:
        value = normalize_ein(self.cleaned_data["ein"])
        validate_ein(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ori, state = data.get("ori"), data.get("state")
        if ori and state and ori[:2] != state:
            self.add_error("ori", f"An ORI of an agency in {State(state).label} starts with {state}.")
        return data

    @staticmethod
    def initial_from(agency: Agency) -> dict[str, Any]:
        fields = ("name", "ori", "agency_type", "state", "county", "city", "sworn_officers")
        return {
            **{f: getattr(agency, f) for f in fields},
            "ein": format_ein(agency.ein),
            "head_name": agency.head_name,
            "head_title": agency.head_title,
        }


class ProgramForm(forms.Form):
    name = forms.CharField(max_length=200)
    fiscal_year = forms.IntegerField(label="Fiscal year", min_value=2020, max_value=2100)
    kind = forms.ChoiceField(
        choices=ProgramKind.choices,
        widget=forms.RadioSelect,
        label="Kind of program",
        help_text="The credentialing condition of EO 13929 applies to discretionary programs only.",
    )
    application_deadline = forms.DateField(
        label="Application deadline",
        help_text="Within the federal fiscal year (October 1 to September 30).",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
    )
    description = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    applies_sec3d = forms.BooleanField(
        required=False,
        label="Also requires Sec. 3 quarterly reports (EO 13929 Sec. 3(d))",
        help_text="Discretionary programs only.",
    )
    sec3d_reporting_from = forms.DateField(
        required=False,
        label="Reports required from",
        help_text="The first day of the first quarter whose report is required: mm/dd/yyyy, "
        "for example 01/01/2026.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sec4_priority = forms.BooleanField(
        required=False,
        label="Weighs Sec. 4 co-responder and community-support programs as a priority",
        help_text="A priority consideration shown beside each applicant's eligibility; it never changes it.",
    )


class ApplicantForm(forms.Form):
    ori = forms.CharField(label="Agency ORI", max_length=20)
    amount_requested = forms.CharField(
        label="Amount requested (US dollars)", max_length=30, help_text="For example 250000 or 1,250.50."
    )

    def clean_ori(self) -> Agency:
        ori = normalize_ori(self.cleaned_data["ori"])
        agency = Agency.objects.filter(ori=ori).first()
        if agency is None:
            raise ValidationError(f"No agency has the ORI {ori}.")
        return agency


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="One row per applicant: ORI,amount. A header row is optional."
    )
