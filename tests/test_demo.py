"""The demo data set loads through the services, with its history at past moments, and prints the users
before anything else (the e-mails only when asked)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, User
from common.models import AuditEntry
from credentialing.models import CredentialApplication
from credentialing.states import ApplicationStatus
from grants.dashboard import eligibility_trend
from grants.models import EligibilityChange
from notifications.models import Notification
from reporting.models import AnnualReport
from reporting.schedule import Standing, report_standings_of

pytestmark = pytest.mark.django_db
# The demo's background work runs when each step's transaction commits, as it would in use.
committed = pytest.mark.django_db(transaction=True)


def test_demo_loads_once_through_the_services_and_keeps_its_e_mail_quiet(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert printed.startswith("Demo data loaded.\n\nDemo users (password for all:")
    assert "Subject:" not in printed and "To: " not in printed
    assert "sent" in printed.splitlines()[-1] and "--show-email" in printed.splitlines()[-1]
    assert len(printed.splitlines()) < 40
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert CredentialApplication.objects.values("status").distinct().count() == 9
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"agency.created", "body.created", "program.created", "applicant.added"} <= actions
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert again.getvalue().startswith("Demo data is already loaded.\n\nDemo users")


@committed
def test_demo_prints_the_e_mails_after_the_users_when_asked_with_links_on_its_port(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8123"
    out = StringIO()
    call_command("load_demo", "--show-email", stdout=out)
    printed = out.getvalue()
    users, mails = printed.index("Demo users"), printed.index("E-mails the demo's history sent")
    assert users < mails and "  riverbend " in printed[users:mails]
    assert "Subject:" in printed[mails:] and "Subject:" not in printed[:mails]
    assert "http://127.0.0.1:8123/" in printed[mails:] and ":8000" not in printed


def test_demo_refuses_to_load_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())


@committed
def test_demo_history_is_spread_over_the_past(settings):
    from reporting.models import BulkList

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    now = timezone.now()
    # The queue's "days waiting": the review and the submission have waited weeks, not minutes.
    waiting = CredentialApplication.objects.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]
    )
    assert waiting.count() == 2 and all(now - a.status_changed_at > timedelta(days=14) for a in waiting)
    # The trend moves from week to week, from a history that starts years back.
    assert len({point.eligible for point in eligibility_trend(timezone.localdate()).points}) > 1
    assert now - EligibilityChange.objects.order_by("changed_at").first().changed_at > timedelta(days=3 * 365)
    assert now - AuditEntry.objects.order_by("at").first().at > timedelta(days=3 * 365)
    # A credential ran out after its reminders; another one's 90-day reminder has gone out.
    expired = CredentialApplication.objects.get(status=ApplicationStatus.EXPIRED)
    assert expired.expires_on < timezone.localdate()
    reminders = Notification.objects.filter(kind="expiry_reminder")
    assert reminders.count() >= 4 and all(n.created_at < now - timedelta(days=1) for n in reminders)
    # Annual reports sent at their real past times: on time, late, and one not sent (late now).
    assert AnnualReport.objects.filter(submitted_at__lt=now - timedelta(days=300)).count() >= 4
    standings = {s.standing for s in report_standings_of(type(expired.body).objects.all())}
    assert {Standing.SUBMITTED, Standing.SUBMITTED_LATE, Standing.LATE, Standing.NOT_YET_DUE} <= standings
    bulk_list = BulkList.objects.get()
    assert bulk_list.is_committed and bulk_list.committed_count == 3 and bulk_list.refused_count == 4
    reasons = " ".join(bulk_list.rows.exclude(reason="").values_list("reason", flat=True))
    assert "Unknown ORI" in reasons and "Already credentialed" in reasons and "Duplicate row" in reasons
    assert now - bulk_list.committed_at > timedelta(days=300)
