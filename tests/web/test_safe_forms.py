"""Safe forms: the Sec. 3 record form preselects nothing that would create a counting record, every error
names its field and what to do, selects in error are marked like inputs, and Django's "---------" empty
option reads "- Select -"."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from records.models import UseOfForceRecord
from web.field_messages import worded_errors
from web.records_forms import RecordForm

pytestmark = pytest.mark.django_db


def render_field(bound) -> str:
    return Template("{% load uswds %}{% field bound %}").render(Context({"bound": bound}))


def test_the_record_form_starts_with_no_kind_and_no_process_status():
    html = render_field(RecordForm()["kind"]) + render_field(RecordForm()["process_status"])
    assert html.count('<option value="" selected>- Select -</option>') == 2
    assert "selected" not in html.replace('<option value="" selected>', "")


def test_a_careless_submit_creates_no_record_and_names_what_to_choose(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("sec3_records"),
        {"officer_name": "Jordan A. Smith", "date_of_birth": "1985-03-04", "action_date": "2026-01-05"},
    )
    assert response.status_code == 400
    assert not UseOfForceRecord.objects.exists()
    content = response.content.decode()
    assert "Choose the kind of record." in content
    assert "Choose the process status." in content
    assert "This field is required." not in content


def test_required_messages_name_the_field_and_what_to_do():
    form = RecordForm(data={})
    assert not form.is_valid()
    assert worded_errors(form["officer_name"]) == ["Enter the officer's full name."]
    assert worded_errors(form["date_of_birth"]) == ["Enter the officer's date of birth."]
    assert worded_errors(form["kind"]) == ["Choose the kind of record."]


def test_an_unknown_choice_names_the_field_and_the_value():
    form = RecordForm(data={"kind": "lunch"})
    form.is_valid()
    assert worded_errors(form["kind"]) == [
        "Choose the kind of record from the list: “lunch” is not one of its choices."
    ]


def test_a_fields_own_message_is_kept():
    class Form(forms.Form):
        ori = forms.CharField(
            label="ORI", error_messages={"required": "Enter the agency's ORI, as on its letterhead."}
        )
        ein = forms.CharField(label="EIN")

    form = Form(data={})
    form.is_valid()
    assert worded_errors(form["ori"]) == ["Enter the agency's ORI, as on its letterhead."]
    assert worded_errors(form["ein"]) == ["Enter the EIN."]


def test_a_select_in_error_gets_the_red_border_and_the_summary_names_it():
    form = RecordForm(data={})
    form.is_valid()
    html = render_field(form["kind"])
    assert 'class="usa-select usa-input--error"' in html
    assert "Choose the kind of record." in html
    summary = Template("{% load uswds %}{% form_errors form %}").render(Context({"form": form}))
    assert "Kind of record: Choose the kind of record." in summary


def test_djangos_dashes_read_select():
    class Form(forms.Form):
        body = forms.ModelChoiceField(queryset=UseOfForceRecord.objects.all(), label="Record")
        kind = forms.TypedChoiceField(choices=[("", "---------"), ("a", "A")], label="Kind")

    html = render_field(Form()["body"]) + render_field(Form()["kind"])
    assert "---------" not in html
    assert html.count("- Select -") == 2


@pytest.mark.parametrize("day", ["01/31/2026", "2026-01-31"])
def test_the_repository_date_takes_what_its_hint_and_picker_say(client, doj_admin, day):
    from tests.mfa import pass_second_factor

    client.force_login(doj_admin)
    pass_second_factor(client, doj_admin)
    response = client.get(reverse("repository"), {"on": day})
    content = response.content.decode()
    assert response.status_code == 200, content[-2000:]
    assert "mm/dd/yyyy, for example 01/31/2026" in content and "usa-date-picker" in content
    assert 'data-default-value="2026-01-31"' in content


def test_the_overview_date_takes_the_pickers_format(client, doj_admin):
    from tests.mfa import pass_second_factor

    client.force_login(doj_admin)
    pass_second_factor(client, doj_admin)
    assert client.get(reverse("national_overview"), {"as_of": "01/31/2026"}).status_code == 200


def test_a_label_that_is_not_a_noun_is_named_in_words():
    from web.field_messages import _phrase

    assert _phrase("Sort by") == "a sort order"


def test_codes_dates_and_citations_in_free_text_are_kept_whole():
    from web.templatetags.uswds import keep_codes

    html = keep_codes(
        "Already credentialed (APP-000027, valid through 2026-04-21) <b> EO 13929 Sec. 2(c)(i))."
    )
    assert '<span class="nowrap">APP-000027</span>' in html
    assert '<span class="nowrap">2026-04-21</span>' in html
    assert '<span class="nowrap">2(c)(i)).</span>' in html
    assert "&lt;b&gt;" in html
