"""A burst of notices with a real worker, a real SMTP server and the production cache (Redis): one run of
the sender sends the whole burst, each message once; a mark left by a sender that never ran lapses."""

import time

import pytest
from django.db import transaction

from common import gathering
from notifications import outbox
from notifications.compose import Message
from notifications.kinds import Kind
from notifications.models import Delivery, Notification
from tests import waiting
from tests.factories import AgencyStaffFactory
from tests.shared_redis import needs_redis, use_redis_cache
from tests.workers import running_worker, tasks_started

from .helpers import received

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    needs_redis,
]

QUEUED = gathering.queued_mark(outbox.SENDER)

MESSAGE = Message(
    kind=Kind.RETURNED,
    subject="Application returned",
    what_happened="The credentialing body returned the application.",
    why="A policy is missing.",
    next_step="Answer the reviewer and submit again.",
    link_path="/",
    link_label="Open the tracker",
)


@pytest.fixture
def shared_cache(settings):
    return use_redis_cache(settings, "gather")


@pytest.fixture
def sender_runs():
    with tasks_started("notifications.send") as started:
        yield started


@pytest.fixture
def worker(shared_cache):
    with running_worker():
        yield


def notify(person, key: str) -> None:
    with transaction.atomic():
        outbox.write([(person.pk, key, MESSAGE)])


def all_sent() -> bool:
    return not Notification.objects.filter(delivery=Delivery.PENDING).exists()


def test_a_burst_is_sent_by_one_run_each_message_once(
    settings, shared_cache, worker, sender_runs, smtp_server
):
    settings.NOTIFICATION_SEND_GATHER_SECONDS = 3.0
    first, *people, late = AgencyStaffFactory.create_batch(13)
    # After a quiet spell a notice is sent at once.
    notify(first, "burst:first")
    assert waiting.wait_for(lambda: len(smtp_server.messages) == 1 and all_sent(), 30)
    assert len(sender_runs) == 1

    # A burst right after waits for the spacing, and one run sends all of it.
    started = time.monotonic()
    for person in people:
        notify(person, f"burst:{person.pk}")
    took = time.monotonic() - started
    assert took < 2.5, f"the burst took {took:.1f} s, longer than the sender waits: nothing to test"
    assert shared_cache.get(QUEUED) is not None

    assert waiting.wait_for(lambda: len(smtp_server.messages) == 12 and all_sent(), 30)
    assert len(sender_runs) == 2, "one sender run for the whole burst"
    assert sender_runs[1].at - sender_runs[0].at >= 3.0 - 0.1, "the runs are spaced"
    assert set(received(smtp_server).values()) == {1}
    assert {message["To"] for message in smtp_server.messages} == {p.email for p in [first, *people]}
    assert shared_cache.get(QUEUED) is None
    # A notice after the run asks for a sender of its own.
    notify(late, "burst:late")
    assert waiting.wait_for(lambda: len(smtp_server.messages) == 13 and all_sent(), 30)
    assert len(sender_runs) == 3


def test_a_mark_left_by_a_lost_sender_lapses(
    settings, monkeypatch, shared_cache, worker, sender_runs, smtp_server
):
    settings.NOTIFICATION_SEND_GATHER_SECONDS = 0.0
    monkeypatch.setattr(gathering, "MARK_SLACK_SECONDS", 1)
    first, second = AgencyStaffFactory.create_batch(2)
    # A sender marked queued whose task was lost (a worker gone before it took it).
    shared_cache.add(QUEUED, 1, timeout=1)
    notify(first, "lost:first")
    time.sleep(0.5)
    assert sender_runs == [] and smtp_server.messages == []
    assert waiting.wait_for(lambda: shared_cache.get(QUEUED) is None, 5)
    notify(second, "lost:second")
    assert waiting.wait_for(lambda: len(smtp_server.messages) == 2 and all_sent(), 30)
    assert {message["To"] for message in smtp_server.messages} == {first.email, second.email}
