"""A credentialing body's page, and the agencies its change of certification moves, named beforehand."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from agencies.models import AgencyType
from common.humanize import human_date
from credentialing.models import CertificationStatus
from credentialing.services import suspend_body
from grants.selectors import agencies_changed_by
from grants.services.eligibility import recompute_all_eligibility
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db

SECOND_FACTOR = 1


@pytest.fixture
def moved(body):
    """Around ``body``: who loses eligibility when it stops being certified, and who does not."""
    other = BodyFactory(name="Texas Accreditation Program")
    only_here = AgencyFactory(name="Alpha Police Department")
    ApplicationFactory(agency=only_here, body=body, approved=True)
    also_elsewhere = AgencyFactory(name="Bravo Sheriff's Office")
    ApplicationFactory(agency=also_elsewhere, body=body, approved=True)
    ApplicationFactory(agency=also_elsewhere, body=other, submitted=True)
    draft_only = AgencyFactory(name="Charlie Marshal Service")
    ApplicationFactory(agency=draft_only, body=body)
    recompute_all_eligibility()
    return {"only_here": only_here, "also_elsewhere": also_elsewhere, "draft_only": draft_only}


class TestBodyPage:
    def test_shows_the_body_its_agencies_and_history(self, as_user, doj_admin, body, moved):
        body.agency_types_served = [AgencyType.LOCAL_POLICE, AgencyType.UNIVERSITY]
        body.states_served = ["CA", "NV"]
        body.save()
        suspend_body(body=body, actor=doj_admin, note="Audit findings pending")
        recompute_all_eligibility()
        content = as_user(doj_admin).get(reverse("body_detail", args=[body.pk])).content.decode()
        assert "CA, NV" in content and "Local police, University or college" in content
        assert (
            "36 months" in content and f"Suspended</span> since {human_date(timezone.localdate())}" in content
        )
        assert "Sec. 2(c) minimum" in content
        assert 'href="{}"'.format(reverse("body_certification", args=[body.pk, "reinstate"])) in content
        assert reverse("body_certification", args=[body.pk, "suspend"]) not in content
        for agency in moved.values():
            assert agency.name.replace("'", "&#x27;") in content
        assert "Application in process" in content  # Bravo still counts through the other body, in words
        assert "certification has been suspended" in content  # Alpha's reason
        assert "Audit findings pending" in content and "Certified" in content  # the history row

    @pytest.mark.parametrize("role", [r for r in Role.values if r != Role.DOJ_ADMINISTRATOR])
    def test_other_roles_get_not_found(self, client, role, world):
        client.force_login(world.users[role])
        assert client.get(reverse("body_detail", args=[world.body.pk])).status_code == 404

    def test_bodies_list_links_to_the_page(self, as_user, doj_admin, body):
        content = as_user(doj_admin).get(reverse("body_list")).content.decode()
        assert reverse("body_detail", args=[body.pk]) in content

    def test_fixed_number_of_queries(self, client, doj_admin, body, django_assert_num_queries):
        client.force_login(doj_admin)
        url = reverse("body_detail", args=[body.pk])
        AgencyFactory.create_batch(2)
        for agency in AgencyFactory.create_batch(3):
            ApplicationFactory(agency=agency, body=body, submitted=True)
        recompute_all_eligibility()
        # + 1: the header's unread notification count.
        with django_assert_num_queries(7 + SECOND_FACTOR + 1) as few:
            assert client.get(url).status_code == 200
        for agency in AgencyFactory.create_batch(60):
            ApplicationFactory(agency=agency, body=body, approved=True)
        suspend_body(body=body, actor=doj_admin, note="Audit")
        recompute_all_eligibility()
        with django_assert_num_queries(len(few.captured_queries)):
            response = client.get(url, {"page": 2})
        assert len(response.context["page_obj"].object_list) == 13


class TestWhoseEligibilityChanges:
    def test_suspension_names_agencies_eligible_only_through_the_body(self, as_user, doj_admin, body, moved):
        page = as_user(doj_admin).get(reverse("body_certification", args=[body.pk, "suspend"]))
        content = page.content.decode()
        assert "<strong>1 agency</strong> is eligible for grants today only through this body" in content
        assert moved["only_here"].name in content
        assert "Bravo" not in content and moved["draft_only"].name not in content
        assert reverse("body_detail", args=[body.pk]) + "#agencies" in content

    def test_certification_names_agencies_that_would_become_eligible(self, as_user, doj_admin):
        pending = BodyFactory(pending=True)
        waiting = AgencyFactory(name="Delta Police Department")
        ApplicationFactory(agency=waiting, body=pending, under_review=True)
        eligible_already = AgencyFactory(name="Echo Police Department")
        ApplicationFactory(agency=eligible_already, body=pending, submitted=True)
        ApplicationFactory(agency=eligible_already, body=BodyFactory(), approved=True)
        tribal = AgencyFactory(name="Foxtrot Tribal Police", agency_type=AgencyType.TRIBAL)
        ApplicationFactory(agency=tribal, body=pending, submitted=True)
        recompute_all_eligibility()
        content = as_user(doj_admin).get(reverse("body_certification", args=[pending.pk, "certify"])).content
        text = content.decode()
        assert "<strong>1 agency</strong> would become eligible" in text and waiting.name in text
        assert eligible_already.name not in text and tribal.name not in text

    def test_names_twenty_and_counts_all(self, as_user, doj_admin, body):
        for number in range(23):
            ApplicationFactory(agency=AgencyFactory(name=f"Agency {number:02d}"), body=body, submitted=True)
        recompute_all_eligibility()
        content = as_user(doj_admin).get(reverse("body_certification", args=[body.pk, "suspend"])).content
        text = content.decode()
        assert "<strong>23 agencies</strong>" in text and "(first 20 of 23)" in text
        assert "Agency 19" in text and "Agency 20" not in text

    def test_one_query_for_the_names_and_the_count(self, body, moved, django_assert_num_queries):
        body.refresh_from_db()
        with django_assert_num_queries(1):
            rows = list(agencies_changed_by(body, CertificationStatus.SUSPENDED)[:20])
        assert [a.name for a in rows] == [moved["only_here"].name] and rows[0].total == 1
        with django_assert_num_queries(0):
            assert not list(agencies_changed_by(body, CertificationStatus.CERTIFIED))

    def test_the_message_counts_them_and_links_to_the_body(
        self, as_user, doj_admin, body, moved, django_capture_on_commit_callbacks
    ):
        client = as_user(doj_admin)
        url = reverse("body_certification", args=[body.pk, "revoke"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"note": "Standards no longer met"}, follow=True)
        content = response.content.decode()
        assert "1 agency loses its eligibility through it" in content
        assert f'<a href="{reverse("body_detail", args=[body.pk])}">See its agencies</a>' in content
        moved["only_here"].eligibility.refresh_from_db()
        assert moved["only_here"].eligibility.eligible is False
