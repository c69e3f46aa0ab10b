"""Forms of the reporting pages: a body's list, its annual report, the national repository's date."""

from django import forms

from common.days import ReadingDayField


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


class RepositoryForm(forms.Form):
    on = ReadingDayField(
        label="Eligible on",
        help_text="mm/dd/yyyy, for example 01/31/2026; empty means today. A past day is read from the "
        "eligibility history; a day after today cannot be asked.",
    )
