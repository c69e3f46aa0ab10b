"""Forms of the reporting pages: a body's list, its annual report, the national repository's date."""

from django import forms

from common.filtering import DATE_INPUT_FORMATS, DATE_INVALID


class BulkListUploadForm(forms.Form):
    file = forms.FileField(
        label="List (CSV or XLSX)",
        help_text="Columns: ORI, determination date (YYYY-MM-DD or MM/DD/YYYY), and optionally a reference "
        "to your own file. The first row names the columns.",
    )
    name = forms.CharField(
        required=False, max_length=200, label="Name of the list", help_text="By default, the file's name."
    )


class BulkListCommitForm(forms.Form):
    accept_refusals = forms.BooleanField(
        required=False, label="Commit the ready rows and leave the refused rows out"
    )


class AnnualReportSubmitForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note to DOJ (optional)",
    )


class ReportYearForm(forms.Form):
    year = forms.IntegerField(
        min_value=2021, max_value=2100, required=False, label="Report due January 31 of"
    )


class RepositoryForm(forms.Form):
    # The hint says what the USWDS date picker accepts (mm/dd/yyyy); links and the API may still send
    # YYYY-MM-DD, which the field accepts too.
    on = forms.DateField(
        required=False,
        label="Eligible on",
        help_text="mm/dd/yyyy, for example 01/31/2026; empty means today. A past day is read from the "
        "eligibility history.",
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
