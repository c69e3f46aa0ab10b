"""Expiry reminders at 90, 30 and 7 days and the expiry notice, each once, as the clock moves."""

from datetime import timedelta

import pytest

from credentialing.services import expire_due_credentials
from grants.services import recompute_agency_eligibility
from notifications.kinds import Kind
from notifications.models import Notification
from notifications.reminders import send_expiry_reminders
from notifications.subscribers import reminder_threshold
from tests.factories import AgencyStaffFactory, ApplicationFactory

from .helpers import subjects_to

pytestmark = pytest.mark.django_db


def test_threshold_is_the_tightest_reached():
    from datetime import date

    end = date(2027, 6, 30)
    assert reminder_threshold(end, end - timedelta(days=91)) is None
    assert reminder_threshold(end, end - timedelta(days=90)) == 90
    assert reminder_threshold(end, end - timedelta(days=31)) == 90
    assert reminder_threshold(end, end - timedelta(days=30)) == 30
    assert reminder_threshold(end, end - timedelta(days=7)) == 7
    assert reminder_threshold(end, end - timedelta(days=1)) == 7
    assert reminder_threshold(end, end) is None


def test_moving_the_clock_sends_each_reminder_once(smtp_server, commit_hooks):
    application = ApplicationFactory(approved=True)
    staff = AgencyStaffFactory(agency=application.agency)
    other = AgencyStaffFactory(agency=application.agency)
    end = application.expires_on
    with commit_hooks():
        recompute_agency_eligibility(agency_id=application.agency_id)
    smtp_server.messages.clear()
    Notification.objects.all().delete()
    # Every night from 120 days before the end to 3 days after it, some nights twice.
    day = end - timedelta(days=120)
    while day <= end + timedelta(days=3):
        with commit_hooks():
            send_expiry_reminders(on=day)
            expire_due_credentials(on=day)
            if day.day % 5 == 0:
                send_expiry_reminders(on=day)
        day += timedelta(days=1)
    body = application.body.name
    for person in (staff, other, application.created_by):
        assert subjects_to(smtp_server, person.email) == sorted(
            [
                f"Your credential from {body} expires in 90 days",
                f"Your credential from {body} expires in 30 days",
                f"Your credential from {body} expires in 7 days",
                f"Your credential from {body} has expired ({application.reference})",
                f"{application.agency.name} is no longer eligible for DOJ discretionary grants",
            ]
        ), person
    kinds = list(Notification.objects.filter(recipient=staff).values_list("kind", flat=True))
    assert sorted(kinds) == sorted([Kind.EXPIRY_REMINDER] * 3 + [Kind.EXPIRED, Kind.ELIGIBILITY])


def test_a_jump_across_two_thresholds_sends_only_the_nearer(smtp_server, commit_hooks):
    application = ApplicationFactory(approved=True)
    staff = application.created_by
    end = application.expires_on
    with commit_hooks():
        send_expiry_reminders(on=end - timedelta(days=100))
        send_expiry_reminders(on=end - timedelta(days=20))
        send_expiry_reminders(on=end - timedelta(days=19))
    assert subjects_to(smtp_server, staff.email) == [
        f"Your credential from {application.body.name} expires in 20 days"
    ]
