"""The Sec. 4 pages: agency staff keep their own programs, DOJ reads all, certifiers and others get 404."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import ProgramVersion, SupportProgram, YearlyFigures
from tests.factories import AgencyStaffFactory, CertifierFactory, sec4_program

pytestmark = pytest.mark.django_db

FORM = {
    "model": "co_responder",
    "partner_1_name": "Riverbend Community Mental Health",
    "partner_1_kind": "mental_health_provider",
    "partner_2_name": "Harbor House Shelter",
    "partner_2_kind": "non_profit",
    "started_on": "2024-03-04",
    "hours_per_week": "60",
    "jurisdiction_share": "80",
    "officers_trained_share": "64",
    "training_name": "CIT 40-hour course",
    "training_date": "2024-02-12",
}


def test_staff_record_a_program_change_it_and_file_figures(client, staff):
    client.force_login(staff)
    assert f'href="{reverse("sec4_programs")}"' in client.get(reverse("agency_dashboard")).content.decode()
    response = client.post(reverse("sec4_program_create"), FORM)
    program = SupportProgram.objects.get()
    assert response.status_code == 302 and response.url == reverse("sec4_program", args=[program.pk])
    assert [p["name"] for p in program.partners] == [
        "Riverbend Community Mental Health",
        "Harbor House Shelter",
    ]

    response = client.post(
        reverse("sec4_program_edit", args=[program.pk]),
        {**FORM, "officers_trained_share": "70", "note": "More CIT"},
    )
    assert response.status_code == 302
    last_year = timezone.localdate().year - 1
    response = client.post(
        reverse("sec4_figures_file", args=[program.pk]),
        {"year": last_year, "calls_answered_jointly": "410", "referrals_made": "96"},
    )
    assert response.status_code == 302
    page = client.get(reverse("sec4_program", args=[program.pk])).content.decode()
    assert "Version 2" in page and "Version 1" in page and "More CIT" in page
    assert "410" in page and "Mental-health provider" in page
    assert ProgramVersion.objects.count() == 2 and YearlyFigures.objects.get().year == last_year


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"started_on": (timezone.localdate() + timedelta(days=5)).isoformat()}, "in the future"),
        ({"jurisdiction_share": "150"}, "from 0 to 100"),
        ({"officers_trained_share": "101"}, "from 0 to 100"),
        ({"partner_1_name": ""}, "Enter the partner organisation."),
        ({"started_on": "31/31/2024"}, "Enter a date"),
        ({"hours_per_week": "a lot"}, "whole number"),
    ],
)
def test_bad_program_input_is_a_form_error_never_a_500(client, staff, change, words):
    client.force_login(staff)
    response = client.post(reverse("sec4_program_create"), {**FORM, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert "usa-error-message" in page and words in page
    assert not SupportProgram.objects.exists()


def test_a_year_not_yet_ended_is_a_form_error(client, staff):
    program = sec4_program(actor=staff)
    client.force_login(staff)
    response = client.post(
        reverse("sec4_figures_file", args=[program.pk]),
        {"year": timezone.localdate().year, "calls_answered_jointly": "1", "referrals_made": "1"},
    )
    assert response.status_code == 400 and "has not ended yet" in response.content.decode()


def test_who_sees_what(client, staff, doj_admin, grant_officer):
    own = sec4_program(actor=staff)
    other = sec4_program(actor=AgencyStaffFactory(), model="addiction_deflection")
    client.force_login(staff)
    assert client.get(reverse("sec4_program", args=[other.pk])).status_code == 404
    assert client.get(reverse("sec4_program_edit", args=[other.pk])).status_code == 404
    listing = client.get(reverse("sec4_programs")).content.decode()
    assert "Co-responder team" in listing and "Addiction referral" not in listing
    for reader in (doj_admin, grant_officer):
        client.force_login(reader)
        listing = client.get(reverse("sec4_programs")).content.decode()
        assert "Co-responder team" in listing and "Addiction referral" in listing
        assert client.get(reverse("sec4_program", args=[own.pk])).status_code == 200
        assert client.get(reverse("sec4_program_edit", args=[own.pk])).status_code == 404
        assert client.get(reverse("sec4_program_create")).status_code == 404
    client.force_login(CertifierFactory())
    for name, args in (("sec4_programs", []), ("sec4_program", [own.pk])):
        assert client.get(reverse(name, args=args)).status_code == 404


def test_the_list_costs_the_same_queries_whatever_its_length(client, doj_admin, django_assert_num_queries):
    sec4_program()
    client.force_login(doj_admin)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("sec4_programs"))
    for _ in range(6):
        sec4_program()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("sec4_programs"))
