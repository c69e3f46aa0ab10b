"""Forms of the Sec. 4 pages: they shape the input; the community services decide what is allowed."""

from typing import Any

from django import forms

from common.filtering import DATE_INPUT_FORMATS, DATE_INVALID
from community.models import NAME_MAX_LENGTH, PartnerKind, SupportModel

PARTNER_SLOTS = 3


def _date(label: str, *, required: bool = True, help_text: str = "mm/dd/yyyy") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_INVALID},
    )


def _percent(label: str, help_text: str) -> forms.IntegerField:
    # No upper bound here: the service says what a share may be, in its own words.
    return forms.IntegerField(label=label, min_value=0, help_text=help_text)


class ProgramForm(forms.Form):
    model = forms.ChoiceField(label="Model", choices=SupportModel.choices, widget=forms.RadioSelect)
    other_name = forms.CharField(
        label="Name of the model", required=False, max_length=NAME_MAX_LENGTH, help_text="Only for “Other”."
    )
    partner_1_name = forms.CharField(label="Partner organisation", max_length=NAME_MAX_LENGTH)
    partner_1_kind = forms.ChoiceField(label="Kind of partner", choices=PartnerKind.choices)
    partner_2_name = forms.CharField(
        label="Second partner (optional)", required=False, max_length=NAME_MAX_LENGTH
    )
    partner_2_kind = forms.ChoiceField(
        label="Kind of the second partner", choices=[("", "- Select -"), *PartnerKind.choices], required=False
    )
    partner_3_name = forms.CharField(
        label="Third partner (optional)", required=False, max_length=NAME_MAX_LENGTH
    )
    partner_3_kind = forms.ChoiceField(
        label="Kind of the third partner", choices=[("", "- Select -"), *PartnerKind.choices], required=False
    )
    started_on = _date("Running since", help_text="The day it started; not in the future. mm/dd/yyyy")
    ended_on = _date("Ended on", required=False, help_text="Blank while it runs. mm/dd/yyyy")
    hours_per_week = forms.IntegerField(
        label="Hours covered per week", min_value=0, help_text="168 means around the clock."
    )
    jurisdiction_share = _percent("Share of the jurisdiction covered (%)", "A whole percentage, 0 to 100.")
    officers_trained_share = _percent(
        "Share of sworn officers trained (%)",
        "Trained for encounters with people in mental-health crisis, homeless or with an addiction.",
    )
    training_name = forms.CharField(
        label="Name of the training",
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text="For example: CIT 40-hour.",
    )
    training_date = _date("Date of the latest training", required=False)

    def terms(self) -> dict[str, Any]:
        """The cleaned values as the services take them (the partners as one list)."""
        data = dict(self.cleaned_data)
        partners = []
        for n in range(1, PARTNER_SLOTS + 1):
            name, kind = data.pop(f"partner_{n}_name", ""), data.pop(f"partner_{n}_kind", "")
            if name or kind:
                partners.append({"name": name, "kind": kind})
        data.pop("note", None)
        return {**data, "partners": partners}

    @staticmethod
    def initial_of(program: Any) -> dict[str, Any]:
        initial = {
            name: getattr(program, name)
            for name in (
                "model",
                "other_name",
                "started_on",
                "ended_on",
                "hours_per_week",
                "jurisdiction_share",
                "officers_trained_share",
                "training_name",
                "training_date",
            )
        }
        for n, partner in enumerate(program.partners[:PARTNER_SLOTS], start=1):
            initial[f"partner_{n}_name"], initial[f"partner_{n}_kind"] = partner["name"], partner["kind"]
        return initial


class ProgramChangeForm(ProgramForm):
    note = forms.CharField(
        label="Why it changed",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with this version, for example: the program ended when its funding ran out.",
    )


class YearlyFiguresForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=1980, help_text="A calendar year that has ended.")
    calls_answered_jointly = forms.IntegerField(label="Calls answered jointly", min_value=0)
    referrals_made = forms.IntegerField(label="Referrals made", min_value=0)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the year was filed already: why the figures are amended.",
    )
