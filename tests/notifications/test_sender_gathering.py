"""A burst of notices with a real worker, a real SMTP server and the production cache (Redis): one run of
the sender sends the whole burst, each message once; a mark left by a sender that never ran lapses."""

import os
import time

import pytest
from celery.signals import task_prerun
from django.core.cache import caches
from django.db import transaction

from notifications import outbox
from notifications.compose import Message
from notifications.kinds import Kind
from notifications.models import Delivery, Notification
from tests import waiting
from tests.factories import AgencyStaffFactory
from tests.shared_redis import needs_redis, redis_database
from tests.workers import running_worker

from .helpers import received

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    needs_redis,
]

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
    # The broker's Redis server, in a database no other test empties; a prefix of this process's own.
    location = redis_database(11)
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"gather{os.getpid()}",
        }
    }
    cache = caches["default"]
    cache.delete(outbox.SENDER_QUEUED)
    yield cache
    cache.delete(outbox.SENDER_QUEUED)


@pytest.fixture
def sender_runs():
    runs: list[float] = []

    def count(sender=None, **_):
        if sender is not None and sender.name == "notifications.send":
            runs.append(time.monotonic())

    task_prerun.connect(count, weak=False)
    yield runs
    task_prerun.disconnect(count)


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
    people = AgencyStaffFactory.create_batch(12)
    started = time.monotonic()
    for person in people:
        notify(person, f"burst:{person.pk}")
    took = time.monotonic() - started
    assert took < 3.0, f"the burst took {took:.1f} s, longer than the sender waits: nothing to test"
    assert shared_cache.get(outbox.SENDER_QUEUED) is not None

    assert waiting.wait_for(lambda: len(smtp_server.messages) >= 12 and all_sent(), 30)
    assert len(sender_runs) == 1, "one sender run for the whole burst"
    assert sender_runs[0] - started >= 3.0 - 0.5, "the sender waited for the burst"
    assert set(received(smtp_server).values()) == {1}
    assert {message["To"] for message in smtp_server.messages} == {person.email for person in people}
    assert shared_cache.get(outbox.SENDER_QUEUED) is None
    # A notice after the run asks for a sender of its own.
    late = AgencyStaffFactory()
    notify(late, "burst:late")
    assert waiting.wait_for(lambda: len(smtp_server.messages) == 13 and all_sent(), 30)
    assert len(sender_runs) == 2


def test_a_mark_left_by_a_lost_sender_lapses(
    settings, monkeypatch, shared_cache, worker, sender_runs, smtp_server
):
    settings.NOTIFICATION_SEND_GATHER_SECONDS = 0.0
    monkeypatch.setattr(outbox, "SENDER_MARK_SLACK_SECONDS", 1)
    first, second = AgencyStaffFactory.create_batch(2)
    # A sender marked queued whose task was lost (a worker gone before it took it).
    shared_cache.add(outbox.SENDER_QUEUED, 1, timeout=1)
    notify(first, "lost:first")
    time.sleep(0.5)
    assert sender_runs == [] and smtp_server.messages == []
    assert waiting.wait_for(lambda: shared_cache.get(outbox.SENDER_QUEUED) is None, 5)
    notify(second, "lost:second")
    assert waiting.wait_for(lambda: len(smtp_server.messages) == 2 and all_sent(), 30)
    assert {message["To"] for message in smtp_server.messages} == {first.email, second.email}
