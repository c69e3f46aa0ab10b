"""The demo data set loads through the services: every kind of record, and its changes on the record."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from common.models import AuditEntry
from credentialing.models import CredentialApplication

pytestmark = pytest.mark.django_db


def test_demo_loads_once_through_the_services(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo data loaded." in out.getvalue()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert CredentialApplication.objects.values("status").distinct().count() == 9
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"agency.created", "body.created", "program.created", "applicant.added"} <= actions
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "already loaded" in again.getvalue()


def test_demo_refuses_to_load_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=StringIO())


def test_demo_has_a_committed_list_with_refused_rows_and_a_submitted_report(settings):
    from reporting.models import AnnualReport, BulkList

    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    bulk_list = BulkList.objects.get()
    assert bulk_list.is_committed and bulk_list.committed_count == 3 and bulk_list.refused_count == 4
    reasons = " ".join(bulk_list.rows.exclude(reason="").values_list("reason", flat=True))
    assert "Unknown ORI" in reasons and "Already credentialed" in reasons and "Duplicate row" in reasons
    assert AnnualReport.objects.count() == 1
