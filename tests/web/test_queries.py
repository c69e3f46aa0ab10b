"""Long lists cost a fixed number of queries whatever their length or page size."""

import pytest
from django.urls import reverse

from grants.models import AgencyEligibility
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    GrantApplicantFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

# Every page of a role that signs in with a second factor also reads the device that verified the
# session: one query, whatever the list's length.
SECOND_FACTOR = 1
# Every signed-in page counts the person's unread notifications for the header: one query.
UNREAD_COUNT = 1


def count_queries(django_assert_max_num_queries, client, url, params, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_applicants_page_of_50_and_500_cost_the_same(client, grant_officer, django_assert_max_num_queries):
    program = ProgramFactory()
    bodies = BodyFactory.create_batch(3)
    for number in range(520):
        agency = AgencyFactory(state="CA")
        application = ApplicationFactory(agency=agency, body=bodies[number % 3], submitted=True)
        if number % 2:
            AgencyEligibility.objects.create(
                agency=agency, eligible=True, basis="in_process", reason="in process", application=application
            )
        GrantApplicantFactory(program=program, agency=agency)
    client.force_login(grant_officer)
    url = reverse("program_applicants", args=[program.pk])
    small = count_queries(django_assert_max_num_queries, client, url, {"eligible": "yes", "page_size": 50}, 8)
    large = count_queries(django_assert_max_num_queries, client, url, {"page_size": 500}, 8)
    assert small == large
    response = client.get(url, {"page_size": 500})
    assert len(response.context["page_obj"].object_list) == 500


def test_review_queue(client, certifier, body, django_assert_max_num_queries):
    client.force_login(certifier)
    ApplicationFactory.create_batch(3, body=body, submitted=True)
    active = {"status": ["submitted", "under_review", "returned"]}
    few = count_queries(
        django_assert_max_num_queries,
        client,
        reverse("review_queue"),
        active,
        5 + SECOND_FACTOR + UNREAD_COUNT,
    )
    ApplicationFactory.create_batch(40, body=body, under_review=True)
    # Days waiting and whose turn come from columns the rows already carry.
    ApplicationFactory.create_batch(20, body=body, returned=True)
    many = count_queries(
        django_assert_max_num_queries,
        client,
        reverse("review_queue"),
        {**active, "page_size": 100},
        5 + SECOND_FACTOR + UNREAD_COUNT,
    )
    assert few == many
    page = client.get(reverse("review_queue"), {**active, "page_size": 100}).content.decode()
    # Counted in the table's cells: the lane filter offers the same words as choices.
    assert page.count(">Waiting on the agency</td>") == 20 and page.count(">Waiting on us</td>") == 43


def test_agency_list(client, doj_admin, django_assert_max_num_queries):
    client.force_login(doj_admin)
    AgencyFactory.create_batch(3)
    few = count_queries(
        django_assert_max_num_queries, client, reverse("agency_list"), {}, 4 + SECOND_FACTOR + UNREAD_COUNT
    )
    for agency in AgencyFactory.create_batch(60):
        AgencyEligibility.objects.create(agency=agency, eligible=False, basis="none", reason="no application")
    many = count_queries(
        django_assert_max_num_queries,
        client,
        reverse("agency_list"),
        {"page_size": 100},
        4 + SECOND_FACTOR + UNREAD_COUNT,
    )
    assert few == many


def test_bodies_list(client, doj_admin, django_assert_max_num_queries):
    client.force_login(doj_admin)
    BodyFactory.create_batch(2)
    few = count_queries(
        django_assert_max_num_queries, client, reverse("body_list"), {}, 4 + SECOND_FACTOR + UNREAD_COUNT
    )
    for body in BodyFactory.create_batch(30):
        ApplicationFactory(body=body, submitted=True)
    many = count_queries(
        django_assert_max_num_queries,
        client,
        reverse("body_list"),
        {"page_size": 100},
        4 + SECOND_FACTOR + UNREAD_COUNT,
    )
    assert few == many


def test_agency_dashboard_and_program_list(
    client, staff, agency, body, grant_officer, django_assert_max_num_queries
):
    client.force_login(staff)
    ApplicationFactory.create_batch(5, agency=agency, body=body, withdrawn=True)
    # What needs the agency now (web.pending.agency_home): three more, whatever the number of rows.
    count_queries(django_assert_max_num_queries, client, reverse("agency_dashboard"), {}, 10 + UNREAD_COUNT)
    client.force_login(grant_officer)
    ProgramFactory.create_batch(30)
    count_queries(django_assert_max_num_queries, client, reverse("program_list"), {}, 5 + UNREAD_COUNT)
