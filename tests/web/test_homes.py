"""Each role's home: what needs the person now, counted in a fixed number of queries, each count a link to
a list that shows exactly the rows counted; and the header: at most six entries, the same on every page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from credentialing.models import CredentialApplication
from notifications.models import Delivery
from records.models import ProcessStatus, QuarterlyReport
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    GrantApplicantFactory,
    NotificationFactory,
    ProgramFactory,
    RecordFactory,
)
from web.navigation import MAX_TOP_LEVEL, NAVIGATION, PUBLIC_NAVIGATION, Menu, url_names

pytestmark = pytest.mark.django_db


def pending_of(response) -> dict[str, tuple[int, str]]:
    return {item.key: (item.count, item.url) for item in response.context["home"].items}


def rows_listed(client, url: str) -> int:
    """How many rows the list at ``url`` shows (its paginator's count, or the length of its rows)."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    if context.get("page_obj") is not None:
        return context["page_obj"].paginator.count
    if "standings" in context:
        return len(context["standings"])
    return len(context["due"])


def test_every_role_has_at_most_six_top_level_entries():
    for entries in [*NAVIGATION.values(), PUBLIC_NAVIGATION]:
        assert 1 <= len(entries) <= MAX_TOP_LEVEL
        for entry in entries:
            assert not isinstance(entry, Menu) or entry.links


def test_the_header_is_the_same_on_every_page_of_a_role(client, doj_admin):
    client.force_login(doj_admin)
    headers = set()
    for name in ("home", "body_list", "audit_list", "check_log", "person_list"):
        page = client.get(reverse(name)).content.decode()
        nav = page[page.index('<ul class="usa-nav__primary') : page.index('<div class="usa-nav__secondary">')]
        headers.add(tuple(re.findall(r'(?:href="([^"]+)"[^>]*|aria-controls="([^"]+)")><span>([^<]+)<', nav)))
    assert len(headers) == 1
    assert len(next(iter(headers))) == 18  # the home, and 4 menus holding 13 links


def test_staff_home_counts_applications_and_overdue_quarterly_reports(
    client, staff, agency, body, django_assert_max_num_queries
):
    client.force_login(staff)
    ApplicationFactory(agency=agency, body=BodyFactory(), returned=True, created_by=staff)
    ApplicationFactory(agency=agency, body=BodyFactory(), created_by=staff)
    with django_assert_max_num_queries(12) as few:
        response = client.get(reverse("agency_dashboard"))
    for _ in range(5):  # one open application per agency and body
        ApplicationFactory(agency=agency, body=BodyFactory(), returned=True, created_by=staff)
    NotificationFactory.create_batch(4, recipient=staff)
    with django_assert_max_num_queries(12) as many:
        response = client.get(reverse("agency_dashboard"))
    assert len(few.captured_queries) == len(many.captured_queries)
    pending = pending_of(response)
    assert pending["returned"][0] == 6 and pending["drafts"][0] == 1
    assert pending["unread"][0] == 4
    overdue = pending["reports_overdue"][0]
    assert overdue >= 1
    page = response.content.decode()
    assert "Sec. 3 quarterly report" in page and "overdue" in page
    assert f"{reverse('sec3_reports')}?show=overdue" in page
    for key in ("returned", "drafts", "reports_overdue", "reports_due", "unread"):
        count, url = pending[key]
        assert rows_listed(client, url) == count, key


def test_an_agency_with_no_overdue_report_is_not_warned(client, staff, agency):
    client.force_login(staff)
    from records.selectors import quarters_due

    for row in quarters_due(agency):
        QuarterlyReport.objects.create(
            agency=agency,
            quarter=row.quarter.start,
            kind="zero",
            record_count=0,
            submitted_by=staff,
            signed_by_name="Dana Ruiz",
            signed_by_title="Chief",
        )
    response = client.get(reverse("agency_dashboard"))
    assert pending_of(response)["reports_overdue"][0] == 0
    assert 'id="sec3-overdue"' not in response.content.decode()


def test_certifier_home_counts_reviews_waiting_oldest_first(
    client, certifier, body, django_assert_max_num_queries
):
    client.force_login(certifier)
    old = ApplicationFactory(body=body, submitted=True)
    CredentialApplication.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - timedelta(days=12)
    )
    ApplicationFactory(body=body, under_review=True, assigned_to=certifier)
    ApplicationFactory(body=body, returned=True)  # waits on the agency, not on the body
    ApplicationFactory(body=BodyFactory(), submitted=True)  # another body's
    with django_assert_max_num_queries(14) as few:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    ApplicationFactory.create_batch(8, body=body, submitted=True)
    with django_assert_max_num_queries(14) as many:
        response = client.get(reverse("home"))
    assert len(few.captured_queries) == len(many.captured_queries)
    pending = pending_of(response)
    assert pending["waiting"][0] == 10 and pending["mine"][0] == 1
    oldest = response.context["home"].extra["oldest"]
    assert oldest[0].pk == old.pk and oldest[0].days_waiting == 12 and len(oldest) == 5
    for key in ("waiting", "mine", "lists", "unread"):
        count, url = pending[key]
        response = client.get(url, follow=True)
        assert response.context["page_obj"].paginator.count == count, key


def test_administrator_home_counts_what_needs_doj(client, doj_admin, django_assert_max_num_queries):
    client.force_login(doj_admin)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("home"))
    BodyFactory.create_batch(2, pending=True)
    BodyFactory(suspended=True)
    RecordFactory.create_batch(3, process_status=ProcessStatus.UNDER_APPEAL)
    RecordFactory()
    NotificationFactory.create_batch(2, delivery=Delivery.FAILED)
    with django_assert_max_num_queries(14) as many:
        response = client.get(reverse("home"))
    assert len(few.captured_queries) == len(many.captured_queries)
    pending = pending_of(response)
    assert pending["bodies_pending"][0] == 2 and pending["bodies_suspended"][0] == 1
    assert pending["appeals"][0] == 3 and pending["undelivered"][0] == 2
    for key in ("bodies_pending", "bodies_suspended", "appeals", "undelivered", "reports_late"):
        count, url = pending[key]
        assert rows_listed(client, url) == count, key


def test_officer_home_lists_open_programs_with_eligible_now(
    client, grant_officer, django_assert_max_num_queries
):
    client.force_login(grant_officer)
    soon = ProgramFactory(name="Soonest", application_deadline=timezone.localdate() + timedelta(days=3))
    ProgramFactory(name="Closed", application_deadline=timezone.localdate() - timedelta(days=1))
    for agency in AgencyFactory.create_batch(3):
        GrantApplicantFactory(program=soon, agency=agency)
    GrantApplicantFactory(program=soon, agency=AgencyFactory(tribal=True))  # exempt: eligible
    with django_assert_max_num_queries(20):
        response = client.get(reverse("home"))
    rows = response.context["home"].extra["programs"]
    assert [row["program"].name for row in rows] == ["Soonest"]
    assert rows[0]["applicants"] == 4 and rows[0]["days_left"] == 3
    eligible = client.get(rows[0]["eligible_url"]).context["page_obj"].paginator.count
    assert rows[0]["eligible"] == eligible
    page = response.content.decode()
    assert reverse("program_dashboard", args=[soon.pk]) in page


def test_a_list_refuses_an_unknown_show_value(client, staff, certifier):
    client.force_login(staff)
    for url in (reverse("sec3_reports"), reverse("notification_list")):
        response = client.get(url, {"show": "everything"})
        assert response.status_code == 400
        assert "Choose what to show" in response.content.decode()
    assert client.get(reverse("agency_dashboard"), {"status": "nonsense"}).status_code == 400


def test_agency_staff_home_is_their_dashboard(client, staff):
    client.force_login(staff)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("agency_dashboard")


def test_the_programs_list_opens_a_programs_dashboard(client, grant_officer):
    client.force_login(grant_officer)
    program = ProgramFactory()
    page = client.get(reverse("program_list")).content.decode()
    assert f'href="{reverse("program_dashboard", args=[program.pk])}"' in page


def test_every_header_link_is_a_page_of_the_role():
    from web.access import PUBLIC, URL_ACCESS

    for role, entries in NAVIGATION.items():
        for name in url_names(entries):
            assert role in URL_ACCESS[name] or URL_ACCESS[name] == PUBLIC, (role, name)
    assert {Role.AGENCY_STAFF, Role.CERTIFIER, Role.DOJ_ADMINISTRATOR, Role.GRANT_OFFICER} == set(NAVIGATION)
