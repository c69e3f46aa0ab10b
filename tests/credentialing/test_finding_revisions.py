"""A finding is revised, never overwritten: every version is kept, append-only, and audited."""

import pytest
from django.db import DatabaseError, connection, transaction

from common.append_only import AppendOnlyError
from common.models import AuditEntry
from credentialing.models import Finding, FindingRevision, Standard
from credentialing.services import record_finding
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(agency, body, certifier):
    application = ApplicationFactory(agency=agency, body=body, under_review=True)
    standard = Standard.objects.get(code="adherence-to-law")
    record_finding(
        application=application, actor=certifier, standard=standard, outcome="not_met", note="Old law"
    )
    record_finding(application=application, actor=certifier, standard=standard, outcome="met", note="Updated")
    return application, standard


def test_every_revision_is_kept_and_the_current_one_is_what_readers_see(reviewed, certifier):
    application, standard = reviewed
    finding = Finding.objects.get(application=application, standard=standard)
    assert (finding.outcome, finding.note) == ("met", "Updated")
    revisions = list(finding.revisions.values_list("number", "outcome", "note"))
    assert revisions == [(1, "not_met", "Old law"), (2, "met", "Updated")]
    entries = AuditEntry.objects.filter(object_type="credentialing.finding", object_id=str(finding.pk))
    assert sorted(entries.values_list("action", flat=True)) == ["finding.recorded", "finding.revised"]
    revised = entries.get(action="finding.revised")
    assert revised.before == {"outcome": "not_met", "note": "Old law"}
    assert revised.after == {"outcome": "met", "note": "Updated"}
    assert revised.actor == certifier


def test_the_same_finding_again_adds_no_revision(reviewed, certifier):
    application, standard = reviewed
    record_finding(application=application, actor=certifier, standard=standard, outcome="met", note="Updated")
    assert FindingRevision.objects.count() == 2
    assert AuditEntry.objects.filter(action__startswith="finding.").count() == 2


def test_the_orm_refuses_to_change_or_delete_a_revision(reviewed):
    revision = FindingRevision.objects.first()
    revision.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        revision.save()
    with pytest.raises(AppendOnlyError):
        revision.delete()
    with pytest.raises(AppendOnlyError):
        FindingRevision.objects.update(note="rewritten")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE credentialing_findingrevision SET note = 'rewritten'",
        "DELETE FROM credentialing_findingrevision",
    ],
)
def test_postgresql_refuses_update_and_delete_of_revisions(reviewed, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert FindingRevision.objects.filter(note="Old law").exists()
