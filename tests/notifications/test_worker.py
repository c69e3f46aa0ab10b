"""The sender on a real Celery worker consuming from Redis, mail read back from a real SMTP server:
exactly once per event and person, through a mail-server outage and with two senders at once."""

import threading
import time

import pytest
from django.db import connection

from credentialing import services
from notifications.models import Delivery, Notification
from notifications.sending import send_pending
from notifications.tasks import send_notifications
from tests import waiting
from tests.factories import AgencyStaffFactory, ApplicationFactory, CertifierFactory, DocumentFactory
from tests.workers import running_worker

from .helpers import received

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings):
    settings.NOTIFICATION_RETRY_SECONDS = 0.5
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 2
    with running_worker():
        yield


def wait_for(predicate, timeout=30.0):
    return waiting.wait_for(predicate, timeout)


def ready_drafts(count, body):
    drafts = []
    for _ in range(count):
        person = AgencyStaffFactory()
        draft = ApplicationFactory(agency=person.agency, body=body, created_by=person)
        DocumentFactory(application=draft, kind="use_of_force_policy", uploaded_by=person)
        DocumentFactory(application=draft, kind="signed_declaration", uploaded_by=person)
        drafts.append((draft, person))
    return drafts


def all_sent():
    return not Notification.objects.filter(delivery=Delivery.PENDING).exists()


def test_submission_through_the_worker_tells_each_person_once(worker, smtp_server, body):
    certifiers = [CertifierFactory(credentialing_body=body) for _ in range(2)]
    ((draft, person),) = ready_drafts(1, body)
    services.submit_application(application=draft, actor=person)
    # Two certifiers (submitted) and the agency's one staff member (now eligible).
    assert wait_for(lambda: len(smtp_server.messages) >= 3 and all_sent())
    got = received(smtp_server)
    assert set(got) == {
        *(
            (c.email, f"New application to review: {draft.agency.name} ({draft.reference})")
            for c in certifiers
        ),
        (person.email, f"{draft.agency.name} is now eligible for DOJ discretionary grants"),
    }
    assert set(got.values()) == {1}
    # The sender again, through the worker and directly: nothing new.
    assert send_notifications.delay().get(timeout=15) == 0
    assert send_pending().sent == 0
    time.sleep(1)
    assert len(smtp_server.messages) == 3


def test_mail_server_outage_delays_and_loses_nothing(worker, smtp_server, body, capsys):
    certifiers = [CertifierFactory(credentialing_body=body) for _ in range(2)]
    drafts = ready_drafts(8, body)
    smtp_server.stop()
    for draft, person in drafts:
        services.submit_application(application=draft, actor=person)
    # The certifiers' rows commit with each submission; the staff's come with the eligibility recompute.
    queued = len(drafts) * (len(certifiers) + 1)
    assert wait_for(lambda: Notification.objects.count() == queued)
    # The worker tries, fails, and backs off: everything stays pending and visible.
    assert wait_for(lambda: Notification.objects.filter(attempts__gt=0).exists())
    time.sleep(2)
    assert Notification.objects.filter(delivery=Delivery.PENDING).count() == queued
    assert Notification.objects.exclude(last_error="").exists()
    assert smtp_server.messages == []

    smtp_server.start()
    recovered = time.monotonic()
    assert wait_for(all_sent, timeout=60), "not every notification went out after the server came back"
    delivered_after = time.monotonic() - recovered
    got = received(smtp_server)
    assert len(smtp_server.messages) == queued
    assert set(got.values()) == {1}, "a message was sent twice"
    with capsys.disabled():
        print(f"\noutage: {queued} messages queued, all delivered {delivered_after:.1f} s after recovery")


def test_two_senders_at_once_send_each_message_once(smtp_server, body, settings):
    CertifierFactory(credentialing_body=body)
    for draft, person in ready_drafts(15, body):
        services.submit_application(application=draft, actor=person)
    # No worker runs in this test: the rows wait, pending, for the three senders below to race for them.
    assert Notification.objects.filter(delivery=Delivery.PENDING).count() == 15
    reports = []

    def sender():
        reports.append(send_pending())
        connection.close()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = Notification.objects.count()
    assert sum(r.sent for r in reports) == total
    assert len(smtp_server.messages) == total
    assert set(received(smtp_server).values()) == {1}
