"""A notice's call to action is decided when it is read: once what it asks for is done (the application
approved, denied, withdrawn, answered, or applied for again), the list says what became of it instead."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from credentialing.models import application_reference
from credentialing.states import ApplicationStatus as S
from notifications import compose
from notifications.models import Notification
from tests.api.conftest import token_client
from tests.factories import AgencyStaffFactory, ApplicationFactory, CertifierFactory, NotificationFactory
from tests.web.test_audit_page import visible_text

pytestmark = pytest.mark.django_db

START = "start the review"


def _tell(person, application, message, action="submit"):
    return NotificationFactory(
        recipient=person,
        kind=message.kind,
        key=f"application:{application.pk}:{action}:{timezone.now().isoformat()}",
        subject=message.subject,
        what_happened=message.what_happened,
        why=message.why,
        next_step=message.next_step,
        link_path=message.link_path,
        link_label=message.link_label,
    )


def _submitted_notice():
    application = ApplicationFactory(submitted=True)
    certifier = CertifierFactory(credentialing_body=application.body)
    _tell(certifier, application, compose.for_certifiers(application, answered=False))
    return application, certifier


def _decide(application, status) -> None:
    application.status = status
    application.status_changed_at = timezone.now()
    if status == S.APPROVED:
        application.determination_date = timezone.localdate()
        application.expires_on = application.determination_date + timedelta(days=3 * 365)
    application.save()


def _list_text(client, person) -> str:
    client.force_login(person)
    return visible_text(client.get(reverse("notification_list")).content.decode())


def test_the_review_is_asked_for_while_the_application_waits(client):
    application, certifier = _submitted_notice()
    text = _list_text(client, certifier)
    assert START in text and "Next:" in text
    application.status = S.UNDER_REVIEW
    application.save()
    assert START in _list_text(client, certifier)


@pytest.mark.parametrize("status", [S.APPROVED, S.DENIED, S.WITHDRAWN])
def test_the_review_is_no_longer_asked_for_once_decided(client, status):
    application, certifier = _submitted_notice()
    _decide(application, status)
    text = _list_text(client, certifier)
    ref = application_reference(application.pk)
    assert START not in text
    assert f"Next: Nothing to do now: {ref} was {S(status).label.lower()} on " in text
    assert f"See {ref}" in text
    # The stored words stay as written (the e-mail said them); only the reading changes.
    assert START in Notification.objects.get(recipient=certifier).next_step


def test_a_returned_notice_stops_asking_once_answered(client):
    application = ApplicationFactory(returned=True)
    staff = AgencyStaffFactory(agency=application.agency)
    _tell(staff, application, compose.for_agency(application, "return", "Add the policy."), action="return")
    assert "submit it again" in _list_text(client, staff)
    application.status = S.SUBMITTED
    application.save()
    text = _list_text(client, staff)
    assert "submit it again" not in text
    assert "your agency answered the return" in text


def test_an_expiry_reminder_is_done_once_the_agency_applied_again(client):
    old = ApplicationFactory(approved=True)
    staff = AgencyStaffFactory(agency=old.agency)
    _tell(staff, old, compose.expiry_reminder(old, 30), action="expires")
    assert "Apply for a new credential now" in _list_text(client, staff)
    ApplicationFactory(agency=old.agency)  # a draft is not an application in process
    assert "Apply for a new credential now" in _list_text(client, staff)
    newer = ApplicationFactory(agency=old.agency, submitted=True)
    text = _list_text(client, staff)
    assert "Apply for a new credential now" not in text
    assert f"Done: your agency applied again with {application_reference(newer.pk)}, now submitted." in text


def test_the_list_decides_every_notice_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    certifier = CertifierFactory()

    def add(n):
        for _ in range(n):
            application = ApplicationFactory(body=certifier.credentialing_body, approved=True)
            _tell(certifier, application, compose.for_certifiers(application, answered=False))
            staff = AgencyStaffFactory(agency=application.agency)
            _tell(staff, application, compose.expiry_reminder(application, 30), action="expires")

    client.force_login(certifier)
    add(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("notification_list"))
    add(20)
    with django_assert_max_num_queries(12) as many:
        page = client.get(reverse("notification_list"))
    assert len(few.captured_queries) == len(many.captured_queries)
    assert START not in visible_text(page.content.decode())


def test_the_api_gives_the_same_next_step():
    application, certifier = _submitted_notice()
    client = token_client(certifier)
    [row] = client.get("/api/v1/notifications/").json()["results"]
    assert START in row["next_step"]
    _decide(application, S.APPROVED)
    [row] = client.get("/api/v1/notifications/").json()["results"]
    assert START not in row["next_step"] and row["next_step"].startswith("Nothing to do now")
    assert row["link_path"] == reverse("application_detail", args=[application.pk])
