"""Each event of the DESIGN table tells exactly the people it names, once, read back from a real SMTP
server (tasks inline here; tests/notifications/test_worker.py runs the same path on a real worker)."""

import pytest
from django.core import mail  # noqa: F401 - the smtp_server fixture points Django's backend at aiosmtpd

from credentialing import services
from credentialing.models import Finding, Standard, StandardKind
from notifications.kinds import Kind
from notifications.models import Delivery, Notification
from notifications.sending import send_pending
from tests.factories import AgencyStaffFactory, ApplicationFactory, BodyFactory, CertifierFactory

from .helpers import addresses, received, subjects_to, text_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(draft, staff, certifier):
    """Two staff of the agency, two certifiers of the body, and bystanders who must hear nothing."""
    return {
        "staff": [staff, AgencyStaffFactory(agency=draft.agency)],
        "certifiers": [certifier, CertifierFactory(credentialing_body=draft.body)],
        "bystanders": [
            AgencyStaffFactory(),
            CertifierFactory(),
            AgencyStaffFactory(agency=draft.agency, is_active=False),
        ],
    }


def emails(group):
    return {person.email for person in group}


def find_mandatory(application, certifier, outcome="met"):
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        Finding.objects.create(
            application=application, standard=standard, outcome=outcome, recorded_by=certifier
        )


def test_submission_tells_the_bodys_certifiers_and_eligibility_tells_the_staff(
    smtp_server, commit_hooks, draft, people
):
    with commit_hooks():
        services.submit_application(application=draft, actor=people["staff"][0])
    got = received(smtp_server)
    ref = draft.reference
    expected = {
        (p.email, f"New application to review: {draft.agency.name} ({ref})") for p in people["certifiers"]
    }
    expected |= {
        (p.email, f"{draft.agency.name} is now eligible for DOJ discretionary grants")
        for p in people["staff"]
    }
    assert set(got) == expected
    assert all(count == 1 for count in got.values())
    assert not set(addresses(smtp_server)) & emails(people["bystanders"])


def test_return_answer_approve_and_revoke(smtp_server, commit_hooks, draft, people):
    staff, certifier = people["staff"][0], people["certifiers"][0]
    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
        services.start_review(application=draft, actor=certifier)
    smtp_server.messages.clear()

    with commit_hooks():
        services.return_application(
            application=draft, actor=certifier, note="Attach the 2025 policy revision."
        )
    assert set(addresses(smtp_server)) == emails(people["staff"])
    assert smtp_server.messages[0]["Subject"].startswith(f"Application {draft.reference} was returned")
    assert "Attach the 2025 policy revision." in text_to(smtp_server, staff.email)
    smtp_server.messages.clear()

    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
    assert set(addresses(smtp_server)) == emails(people["certifiers"])
    assert subjects_to(smtp_server, certifier.email) == [
        f"{draft.agency.name} answered your return: {draft.reference}"
    ]
    smtp_server.messages.clear()

    with commit_hooks():
        services.start_review(application=draft, actor=certifier)
        find_mandatory(draft, certifier)
        services.approve_application(application=draft, actor=certifier)
    # Still eligible (in process -> credentialed): no eligibility message, only the approval.
    assert set(received(smtp_server)) == {
        (p.email, f"Application {draft.reference} approved: credentialed by {draft.body.name}")
        for p in people["staff"]
    }
    smtp_server.messages.clear()

    with commit_hooks():
        services.revoke_credential(application=draft, actor=certifier, note="Policy rescinded.")
    for person in people["staff"]:
        assert subjects_to(smtp_server, person.email) == sorted(
            [
                f"Your credential from {draft.body.name} was revoked ({draft.reference})",
                f"{draft.agency.name} is no longer eligible for DOJ discretionary grants",
            ]
        )
    assert set(addresses(smtp_server)) == emails(people["staff"])


def test_denial_is_required_and_reaches_the_staff(smtp_server, commit_hooks, draft, people):
    staff, certifier = people["staff"][0], people["certifiers"][0]
    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
        services.start_review(application=draft, actor=certifier)
        find_mandatory(draft, certifier, "not_met")
    smtp_server.messages.clear()
    with commit_hooks():
        services.deny_application(application=draft, actor=certifier, note="Chokeholds permitted.")
    denial = f"Application {draft.reference} was denied by {draft.body.name}"
    for person in people["staff"]:
        assert denial in subjects_to(smtp_server, person.email)
    message = next(m for m in smtp_server.messages if m["Subject"] == denial)
    assert "List-Unsubscribe" not in message, "a required notification offers no unsubscribe"
    assert message.get_body(preferencelist=("html",)) is not None


def test_body_suspension_tells_certifiers_and_every_dependent_agency(
    smtp_server, commit_hooks, people, draft, doj_admin
):
    other_staff = [AgencyStaffFactory() for _ in range(2)]
    for person in other_staff:
        ApplicationFactory(agency=person.agency, body=draft.body, created_by=person, approved=True)
    outsider = AgencyStaffFactory()
    ApplicationFactory(agency=outsider.agency, body=BodyFactory(), created_by=outsider, approved=True)
    with commit_hooks():
        services.suspend_body(body=draft.body, actor=doj_admin, note="Audit pending.")
    subject = f"{draft.body.name}'s AG certification was suspended"
    told = {address for (address, s) in received(smtp_server) if s == subject}
    assert told == emails(people["certifiers"]) | emails(people["staff"]) | emails(other_staff)
    assert outsider.email not in addresses(smtp_server)
    assert all(count == 1 for count in received(smtp_server).values())
    smtp_server.messages.clear()
    with commit_hooks():
        services.reinstate_body(body=draft.body, actor=doj_admin, note="Audit passed.")
    restored = f"{draft.body.name}'s AG certification was restored"
    assert {a for (a, s) in received(smtp_server) if s == restored} == {
        *emails(people["certifiers"]),
        *emails(people["staff"]),
        *emails(other_staff),
    }


def test_sending_again_sends_nothing_new(smtp_server, commit_hooks, draft, people):
    with commit_hooks():
        services.submit_application(application=draft, actor=people["staff"][0])
    count = len(smtp_server.messages)
    assert count == 4
    assert send_pending().sent == 0
    assert send_pending().sent == 0
    assert len(smtp_server.messages) == count
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.SENT}


def test_in_app_list_has_every_notification_and_an_unread_count(
    client, smtp_server, commit_hooks, draft, people
):
    staff = people["staff"][0]
    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
    client.force_login(people["certifiers"][0])
    page = client.get("/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"New application to review: {draft.agency.name}" in html
    assert '1<span class="usa-sr-only"> unread</span>' in html
    mine = Notification.objects.get(recipient=people["certifiers"][0])
    assert mine.kind == Kind.SUBMITTED
    client.post("/notifications/", {"notification": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "unread</span>" not in client.get("/notifications/").content.decode()
    # Nobody marks another person's notification.
    theirs = Notification.objects.filter(recipient=staff).first()
    client.post("/notifications/", {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_costs_a_fixed_number_of_queries(client, staff, count, django_assert_max_num_queries):
    from tests.factories import NotificationFactory

    NotificationFactory.create_batch(count, recipient=staff)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get("/notifications/")
    assert page.status_code == 200
    assert page.content.decode().count("notification__subject") == min(count, 25)
