"""DOJ pages: bodies' certification with its impact, the agency registry, programs and applicants."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency
from credentialing.models import BodyCertificationEvent, CertificationStatus
from grants.models import AgencyEligibility, EligibilityChange, GrantApplicant, GrantProgram
from tests.factories import AgencyFactory, ApplicationFactory, GrantApplicantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


class TestBodies:
    def test_list_shows_status_and_dependents(self, as_user, world):
        ApplicationFactory(body=world.body, approved=True)
        content = as_user(world.doj_admin).get(reverse("body_list")).content.decode()
        assert world.body.name in content and "Certified" in content
        assert "Suspend certification" in content and "Revoke certification" in content

    def test_confirmation_page_shows_impact_then_suspends(self, as_user, world):
        client = as_user(world.doj_admin)
        url = reverse("body_certification", args=[world.body.pk, "suspend"])
        page = client.get(url).content.decode()
        assert "2 agencies" in page  # the agency with the draft and the other agency under review
        assert BodyCertificationEvent.objects.count() == 0
        response = client.post(url, {"note": ""})
        assert "usa-error-message" in response.content.decode()
        response = client.post(url, {"note": "Audit findings"}, follow=True)
        world.body.refresh_from_db()
        assert world.body.certification_status == CertificationStatus.SUSPENDED
        assert "0 agencies lose their eligibility through it" in response.content.decode()

    def test_impossible_change_is_not_offered(self, as_user, world):
        client = as_user(world.doj_admin)
        url = reverse("body_certification", args=[world.body.pk, "certify"])
        assert b"not possible" in client.get(url).content
        response = client.post(url, {"note": ""})
        assert "cannot be certified" in response.content.decode()


class TestAgencyRegistry:
    def test_list_search_and_filter(self, as_user, world):
        client = as_user(world.doj_admin)
        content = client.get(reverse("agency_list"), {"q": "TX0000"}).content.decode()
        assert world.other_agency.name in content and world.agency.name not in content
        content = client.get(reverse("agency_list"), {"state": "CA"}).content.decode()
        assert world.agency.name in content and world.other_agency.name not in content

    def test_add_and_edit(self, as_user, world):
        client = as_user(world.doj_admin)
        data = {
            "name": "Springfield Police Department",
            "ori": "il0000042",
            "ein": "36-1234567",
            "agency_type": "local_police",
            "state": "IL",
            "county": "Sangamon",
            "city": "Springfield",
            "sworn_officers": "240",
            "head_name": "Jane Doe",
            "head_title": "Chief of Police",
        }
        response = client.post(reverse("agency_create"), data)
        agency = Agency.objects.get(ori="IL0000042")
        assert response["Location"] == reverse("agency_detail", args=[agency.pk])
        assert agency.ein == "361234567"
        data["name"] = "Springfield PD"
        client.post(reverse("agency_edit", args=[agency.pk]), data)
        agency.refresh_from_db()
        assert agency.name == "Springfield PD"
        assert "36-1234567" in client.get(reverse("agency_edit", args=[agency.pk])).content.decode()

    def test_grant_officer_sees_agencies_read_only(self, as_user, world):
        EligibilityChange.objects.create(
            agency=world.agency, eligible=True, basis="in_process", reason="first reason"
        )
        client = as_user(world.grant_officer)
        content = client.get(reverse("agency_detail", args=[world.agency.pk])).content.decode()
        assert "first reason" in content and "Edit agency" not in content
        assert "Add an agency" not in client.get(reverse("agency_list")).content.decode()


class TestPrograms:
    def test_create_a_program(self, as_user, world):
        response = as_user(world.grant_officer).post(
            reverse("program_create"),
            {
                "name": "Tribal Resources",
                "fiscal_year": "2027",
                "kind": "discretionary",
                "application_deadline": "2027-01-31",
                "description": "",
            },
        )
        program = GrantProgram.objects.get(name="Tribal Resources")
        assert response["Location"] == reverse("program_applicants", args=[program.pk])

    def test_program_list(self, as_user, world):
        content = as_user(world.grant_officer).get(reverse("program_list")).content.decode()
        assert "COPS Hiring" in content

    def test_applicants_filter_counts_sort_and_reason(self, as_user, world):
        AgencyEligibility.objects.create(
            agency=world.agency,
            eligible=True,
            basis="in_process",
            reason="application 1 submitted",
            application=world.submitted,
        )
        client = as_user(world.grant_officer)
        url = reverse("program_applicants", args=[world.program.pk])
        content = client.get(url).content.decode()
        assert 'id="count-eligible">1<' in content and 'id="count-not-eligible">1<' in content
        assert "application 1 submitted" in content
        content = client.get(url, {"eligible": "yes", "page_size": 50}).content.decode()
        assert world.agency.name in content and world.other_agency.name not in content
        # The split still shows both sides of the other filters; the total is what is shown.
        assert 'id="count-total">1<' in content
        assert 'id="count-eligible">1<' in content and 'id="count-not-eligible">1<' in content
        content = client.get(url, {"eligible": "no"}).content.decode()
        assert world.other_agency.name in content and world.agency.name not in content
        content = client.get(url, {"credentialing_body": world.other_body.pk}).content.decode()
        assert world.agency.name in content and world.other_agency.name not in content
        content = client.get(url, {"state": "TX", "agency_type": "local_police"}).content.decode()
        assert world.other_agency.name in content and world.agency.name not in content
        content = client.get(url, {"ordering": "-ori"}).content.decode()
        assert content.index(world.other_agency.ori) < content.index(world.agency.ori)

    def test_csv_export_has_exactly_the_filtered_rows(self, as_user, world):
        AgencyEligibility.objects.create(
            agency=world.agency, eligible=True, basis="in_process", reason="in process"
        )
        response = as_user(world.grant_officer).get(
            reverse("program_applicants_csv", args=[world.program.pk]), {"eligible": "yes"}
        )
        assert response["Content-Disposition"].startswith("attachment;")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0][0] == "ORI" and [r[0] for r in rows[1:]] == [world.agency.ori]
        assert rows[1][5] == "eligible"

    def test_formula_program_says_not_required(self, as_user, world):
        program = ProgramFactory(formula=True)
        GrantApplicantFactory(program=program, agency=world.agency)
        client = as_user(world.grant_officer)
        content = client.get(reverse("program_applicants", args=[program.pk])).content.decode()
        assert "Not required" in content
        response = client.get(reverse("program_applicants_csv", args=[program.pk]))
        assert b"not required" in b"".join(response.streaming_content)

    def test_add_an_applicant(self, as_user, world):
        agency = AgencyFactory(state="NY", ori="NY0000777")
        response = as_user(world.grant_officer).post(
            reverse("applicant_add", args=[world.program.pk]),
            {"ori": "ny0000777", "amount_requested": "1,250.50"},
        )
        assert response.status_code == 302
        assert GrantApplicant.objects.get(program=world.program, agency=agency).amount_requested == 1250.50

    def test_add_the_same_applicant_twice_is_a_form_error(self, as_user, world):
        response = as_user(world.grant_officer).post(
            reverse("applicant_add", args=[world.program.pk]),
            {"ori": world.agency.ori, "amount_requested": "10"},
        )
        assert response.status_code == 200 and "already an applicant" in response.content.decode()

    def test_import_applicants(self, as_user, world):
        AgencyFactory(state="NY", ori="NY0000778")
        upload = SimpleUploadedFile(
            "a.csv", b"ORI,amount\nNY0000778,5000\n" + world.agency.ori.encode() + b",7000\n"
        )
        response = as_user(world.grant_officer).post(
            reverse("applicant_import", args=[world.program.pk]), {"file": upload}, follow=True
        )
        assert "1 applicant added, 1 updated" in response.content.decode()
        assert GrantApplicant.objects.filter(program=world.program).count() == 3


class TestApplicantsTable:
    def test_count_line_and_eligibility_tags_in_words(self, as_user, world):
        AgencyEligibility.objects.create(
            agency=world.agency, eligible=True, basis="in_process", reason="application 1 submitted"
        )
        client = as_user(world.grant_officer)
        url = reverse("program_applicants", args=[world.program.pk])
        content = client.get(url).content.decode()
        assert (
            'Showing 2 of <strong id="count-total">2</strong> applicants: '
            '<strong id="count-eligible">1</strong> eligible, '
            '<strong id="count-not-eligible">1</strong> not eligible.'
        ) in content
        assert '<span class="usa-tag tag-success">Eligible</span>' in content
        assert '<span class="usa-tag tag-error">Not eligible</span>' in content
        assert f'<span class="secondary">ORI {world.agency.ori}</span>' in content
        assert 'id="deadline-hint"' in content and "end of the application deadline day" in content
        content = client.get(url, {"eligible": "no"}).content.decode()
        assert 'Showing 1 of <strong id="count-total">1</strong> applicant not eligible now.' in content
        assert "Without the &ldquo;Eligible now&rdquo; filter:" in content

    def test_the_sorted_column_is_marked(self, as_user, world):
        client = as_user(world.grant_officer)
        url = reverse("program_applicants", args=[world.program.pk])
        content = client.get(url, {"ordering": "-amount"}).content.decode()
        assert '<th scope="col" aria-sort="descending"><a href="?ordering=amount">Amount requested' in content
        content = client.get(url, {"ordering": "ori"}).content.decode()
        assert 'aria-sort="ascending"><a href="?ordering=name">Agency</a>' in content
        assert 'data-sorted="ascending">ORI</a>' in content

    def test_pagination_has_page_numbers_ellipses_and_keeps_the_query(self, as_user, world):
        program = ProgramFactory()
        for agency in AgencyFactory.create_batch(30, state="CA"):
            GrantApplicantFactory(program=program, agency=agency)
        client = as_user(world.grant_officer)
        url = reverse("program_applicants", args=[program.pk])
        content = client.get(url, {"page_size": 25, "state": "CA", "ordering": "-amount"}).content.decode()
        assert 'class="usa-pagination"' in content
        assert 'aria-current="page">1</a>' in content
        assert 'href="?page_size=25&amp;state=CA&amp;ordering=-amount&amp;page=2"' in content
        assert 'aria-label="Next page"' in content and 'aria-label="Previous page"' not in content

    def test_long_ranges_are_elided(self, rf):
        from django.core.paginator import Paginator

        from web.templatetags.uswds import page_range

        pages = page_range(Paginator(range(500), 25), 10)
        assert pages == [1, "…", 8, 9, 10, 11, 12, "…", 20]


class TestApplicantImport:
    def test_template_download(self, as_user, world):
        response = as_user(world.grant_officer).get(reverse("applicant_import_template"))
        assert response["Content-Disposition"] == 'attachment; filename="applicants-template.csv"'
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == ["ORI", "amount"] and len(rows) == 3
        page = as_user(world.grant_officer).get(reverse("applicant_import", args=[world.program.pk]))
        assert reverse("applicant_import_template").encode() in page.content

    def test_template_is_for_grant_officers_only(self, as_user, world):
        response = as_user(world.staff).get(reverse("applicant_import_template"))
        assert response.status_code == 404

    @pytest.mark.parametrize(
        ("rows", "words"), [(b",abc\n", "1 row needs"), (b",abc\nZZ,1\n", "2 rows need")]
    )
    def test_every_error_by_spreadsheet_line_with_grammar(self, as_user, world, rows, words):
        upload = SimpleUploadedFile("a.csv", b"ORI,amount\n" + rows)
        response = as_user(world.grant_officer).post(
            reverse("applicant_import", args=[world.program.pk]), {"file": upload}
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert f"Nothing was imported: {words} correcting" in content and "the header is line 1" in content
        assert "Line 2: The ORI is empty." in content
        assert "Line 2: “abc” is not an amount in dollars." in content
