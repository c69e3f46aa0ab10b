"""The transition log, the certification events and the eligibility history are append-only."""

import pytest
from django.db import DatabaseError, connection, transaction

from common.append_only import AppendOnlyError
from credentialing.models import TransitionLog
from grants.models import EligibilityChange
from grants.services import recompute_agency_eligibility
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_row(draft, staff):
    return TransitionLog.objects.create(
        application=draft, actor=staff, action="create", from_status="draft", to_status="draft"
    )


def test_the_orm_refuses_to_edit_or_delete_log_rows(log_row):
    log_row.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        log_row.save()
    with pytest.raises(AppendOnlyError):
        log_row.delete()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=log_row.pk).update(note="rewritten")
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=log_row.pk).delete()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE credentialing_transitionlog SET note = 'rewritten'",
        "DELETE FROM credentialing_transitionlog",
        "UPDATE grants_eligibilitychange SET reason = 'rewritten'",
        "DELETE FROM grants_eligibilitychange",
    ],
)
def test_postgres_triggers_refuse_raw_updates_and_deletes(statement, log_row):
    ApplicationFactory(agency=log_row.application.agency, submitted=True)
    recompute_agency_eligibility(agency_id=log_row.application.agency_id)
    assert EligibilityChange.objects.exists()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert TransitionLog.objects.filter(pk=log_row.pk, note="").exists()
