"""Forms of the Sec. 3 pages: they shape the input; the records services decide what is allowed."""

from django import forms

from common.filtering import DATE_INPUT_FORMATS, DATE_INVALID
from records.models import NAME_MAX_LENGTH, ProcessStatus, RecordKind
from records.quarters import Quarter

SELECT = ("", "- Select -")

# A form field's own limit is generous: the service gives the precise message, and a 10 MB name is
# refused by the field before anything else reads it.


def _name(label: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=NAME_MAX_LENGTH)


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text="mm/dd/yyyy, for example 09/12/1984.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        # The date picker sends mm/dd/yyyy; without it the browser's own date input sends YYYY-MM-DD.
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
    )


class HiringCheckForm(forms.Form):
    candidate_name = _name("Candidate's full name")
    date_of_birth = _date("Date of birth")
    certificate_number = forms.CharField(
        label="State certificate or licence number", required=False, max_length=40, help_text="If known."
    )
    purpose = forms.CharField(
        label="Purpose of the check",
        max_length=500,
        help_text="For example: pre-employment check for a patrol officer position. It is logged.",
    )


class RecordForm(forms.Form):
    officer_name = _name("Officer's full name")
    date_of_birth = _date("Officer's date of birth")
    certificate_number = forms.CharField(
        label="State certificate or licence number", required=False, max_length=40
    )
    # Kind and process status start empty: a careless submit must not create a record that counts in
    # hiring checks (a final one), so both are chosen on purpose.
    kind = forms.ChoiceField(label="Kind of record", choices=[SELECT, *RecordKind.choices])
    action_date = _date("Date of the action")
    process_status = forms.ChoiceField(
        label="Process status",
        choices=[SELECT, *ProcessStatus.choices],
        help_text="Only final records count and are shown in hiring checks.",
    )


def _signer() -> forms.CharField:
    return forms.CharField(
        label="Signed off by (name)",
        max_length=200,
        error_messages={"required": "Enter the name of the person who signs the report off."},
    )


class ReportForm(forms.Form):
    quarter = forms.CharField(label="Quarter", max_length=8, help_text="For example 2026-Q3.")
    zero = forms.TypedChoiceField(
        label="What the report holds",
        choices=[("no", "The agency's records of the quarter"), ("yes", "A zero report: none this quarter")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    signed_by_name = _signer()
    signed_by_title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the title of the person who signs the report off."},
    )

    def clean_quarter(self) -> Quarter:
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


def _reason(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=1000, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevisionForm(RecordForm):
    """The current version's values, changed where needed, and why: a new revision, the old one kept."""

    reason = _reason(
        "Reason for the revision", "For example: the appeal was decided. It is kept with the revision."
    )


class RecordDocumentForm(forms.Form):
    file = forms.FileField(
        label="Supporting document", help_text="PDF, PNG, JPEG or Word (.docx), up to the upload limit."
    )


class StatusCorrectionForm(forms.Form):
    process_status = forms.ChoiceField(
        label="Correct process status", choices=ProcessStatus.choices, widget=forms.RadioSelect
    )
    reason = _reason(
        "Reason for the correction",
        "For example: the court's order of 2026-02-03 overturned the judgment. It is audited.",
    )


class AmendmentForm(forms.Form):
    zero = forms.TypedChoiceField(
        label="What the report holds now",
        choices=ReportForm.base_fields["zero"].choices,  # type: ignore[attr-defined]
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    signed_by_name = _signer()
    signed_by_title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter the title of the person who signs the report off."},
    )
    note = _reason("Reason for the amendment", "For example: a record of the quarter was added late.")
