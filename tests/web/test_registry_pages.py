"""The registry pages: bodies, the standards catalogue, program terms and agency types, through HTTP."""

import pytest
from django.urls import reverse

from common.models import AuditEntry
from credentialing.models import CertificationStatus, CredentialingBody, Standard
from grants.models import AgencyEligibility

from .test_access import assert_strict_page

pytestmark = pytest.mark.django_db


class TestBodies:
    def test_add_a_body_with_its_coverage_and_principles(self, as_user, world):
        client = as_user(world.doj_admin)
        page = client.get(reverse("body_create")).content.decode()
        assert_strict_page(page)
        assert "Always reviewed" in page and "Prohibition of chokeholds" in page
        assert "does not touch existing applications" in page
        assert f'value="{Standard.objects.get(code="adherence-to-law").pk}"' not in page, (
            "minimums not offered"
        )
        intervene = Standard.objects.get(code="duty-to-intervene")
        response = client.post(
            reverse("body_create"),
            {
                "name": "Ohio Collaborative",
                "states_served": ["OH"],
                "agency_types_served": ["local_police"],
                "is_primary": "on",
                "credential_term_months": "",
                "discretionary_standards": [intervene.pk],
            },
        )
        assert response.status_code == 302 and response["Location"] == reverse("body_list")
        body = CredentialingBody.objects.get(name="Ohio Collaborative")
        assert body.credential_term_months == 36 and body.certification_status == CertificationStatus.PENDING
        assert list(body.discretionary_standards.all()) == [intervene]
        assert AuditEntry.objects.filter(action="body.created", actor=world.doj_admin).exists()

    def test_a_refused_entry_is_a_form_error(self, as_user, world):
        client = as_user(world.doj_admin)
        response = client.post(reverse("body_create"), {"name": "National Board", "is_primary": "on"})
        assert response.status_code == 200
        assert "national body is not the primary body" in response.content.decode()
        response = client.post(reverse("body_create"), {"name": world.body.name})
        assert "already a credentialing body" in response.content.decode()

    def test_edit_a_body(self, as_user, world):
        client = as_user(world.doj_admin)
        assert reverse("body_edit", args=[world.body.pk]) in client.get(reverse("body_list")).content.decode()
        page = client.get(reverse("body_edit", args=[world.body.pk])).content.decode()
        assert world.body.name in page and "applies to approvals from then on" in page
        response = client.post(
            reverse("body_edit", args=[world.body.pk]),
            {
                "name": world.body.name,
                "abbreviation": world.body.abbreviation,
                "states_served": ["CA", "NV"],
                "credential_term_months": "48",
            },
        )
        assert response.status_code == 302
        world.body.refresh_from_db()
        assert world.body.states_served == ["CA", "NV"] and world.body.credential_term_months == 48
        entry = AuditEntry.objects.get(action="body.updated")
        assert entry.after == {"states_served": ["CA", "NV"], "credential_term_months": 48}


class TestStandards:
    def test_list_add_and_reword(self, as_user, world):
        client = as_user(world.doj_admin)
        page = client.get(reverse("standard_list")).content.decode()
        assert_strict_page(page)
        assert "Prohibition of chokeholds" in page and "Duty to intervene" in page
        mandatory = world.mandatory[0]
        assert reverse("standard_change", args=[mandatory.pk, "retire"]) not in page
        response = client.post(
            reverse("standard_create"),
            {"code": "body-worn-cameras", "title": "Body-worn cameras", "description": ""},
        )
        assert response.status_code == 302
        added = Standard.objects.get(code="body-worn-cameras")
        assert added.kind == "discretionary"
        client.post(reverse("standard_edit", args=[added.pk]), {"title": "Body-worn cameras policy"})
        added.refresh_from_db()
        assert added.title == "Body-worn cameras policy"
        assert {"standard.added", "standard.reworded"} <= set(
            AuditEntry.objects.values_list("action", flat=True)
        )

    def test_retire_and_restore(self, as_user, world):
        client = as_user(world.doj_admin)
        url = reverse("standard_change", args=[world.discretionary.pk, "retire"])
        assert "No body reviews a retired principle" in client.get(url).content.decode()
        assert client.post(url, {"reason": "Merged"}).status_code == 302
        world.discretionary.refresh_from_db()
        assert world.discretionary.is_retired
        assert "Retired on" in client.get(reverse("standard_list")).content.decode()
        client.post(reverse("standard_change", args=[world.discretionary.pk, "restore"]), {})
        world.discretionary.refresh_from_db()
        assert not world.discretionary.is_retired

    def test_a_minimum_cannot_be_retired_through_the_page(self, as_user, world):
        client = as_user(world.doj_admin)
        url = reverse("standard_change", args=[world.mandatory[0].pk, "retire"])
        response = client.post(url, {"reason": ""})
        assert response.status_code == 200 and "Sec. 2(c)" in response.content.decode()
        world.mandatory[0].refresh_from_db()
        assert not world.mandatory[0].is_retired
        assert (
            client.get(reverse("standard_change", args=[world.discretionary.pk, "erase"])).status_code == 404
        )


class TestProgramTerms:
    def test_edit_terms_and_the_applicants_list_reflects_the_kind_at_once(self, as_user, world):
        client = as_user(world.grant_officer)
        url = reverse("program_edit", args=[world.program.pk])
        assert url in client.get(reverse("program_list")).content.decode()
        assert world.program.name in client.get(url).content.decode()
        applicants = reverse("program_applicants", args=[world.program.pk])
        tag = '<span class="usa-tag tag-neutral">Not required</span>'  # the filter's words say it too
        assert tag not in client.get(applicants).content.decode()
        data = {
            "name": world.program.name,
            "fiscal_year": world.program.fiscal_year,
            "kind": "formula",
            "application_deadline": world.program.application_deadline.isoformat(),
            "description": "",
        }
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == applicants
        assert tag in client.get(applicants).content.decode()
        assert AuditEntry.objects.get(action="program.updated").after == {"kind": "formula"}

    def test_an_implausible_deadline_is_a_form_error(self, as_user, world):
        client = as_user(world.grant_officer)
        data = {
            "name": world.program.name,
            "fiscal_year": world.program.fiscal_year,
            "kind": "discretionary",
            "application_deadline": "2031-01-01",
        }
        response = client.post(reverse("program_edit", args=[world.program.pk]), data)
        assert response.status_code == 200 and "falls between" in response.content.decode()


def test_an_agency_made_tribal_through_the_page_reads_exempt_at_once(as_user, world, commit_hooks):
    client = as_user(world.doj_admin)
    agency = world.other_agency
    data = {
        "name": agency.name,
        "ori": agency.ori,
        "ein": agency.ein,
        "agency_type": "tribal",
        "state": agency.state,
        "county": agency.county,
        "city": agency.city,
        "sworn_officers": agency.sworn_officers,
        "head_name": agency.head_name or "Pat Doe",
        "head_title": agency.head_title or "Chief",
    }
    with commit_hooks():
        response = client.post(reverse("agency_edit", args=[agency.pk]), data)
    assert response.status_code == 302
    flag = AgencyEligibility.objects.get(agency=agency)
    assert flag.eligible and flag.basis == "exempt"
    assert "Exempt" in client.get(reverse("agency_detail", args=[agency.pk])).content.decode()
    entry = AuditEntry.objects.get(action="agency.updated")
    assert entry.after["agency_type"] == "tribal"


def test_certifiers_see_the_revision_history_of_findings(as_user, world):
    client = as_user(world.certifier)
    app = world.under_review
    standard = world.mandatory[0]
    url = reverse("finding_record", args=[app.pk, standard.pk])
    prefix = f"std{standard.pk}"
    client.post(url, {f"{prefix}-outcome": "not_met", f"{prefix}-note": "Section 4 missing"})
    client.post(url, {f"{prefix}-outcome": "met", f"{prefix}-note": "Section 4 added"})
    page = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Revision history (2 versions)" in page
    assert "Section 4 missing" in page and "Section 4 added" in page
