import pytest
from django.db import DatabaseError, connection, transaction

from common.append_only import AppendOnlyError
from common.audit import changed, record, snapshot
from common.models import AuditEntry
from common.request_context import _address

from ..factories import AgencyFactory, DojAdministratorFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_address_object_and_values():
    admin = DojAdministratorFactory()
    agency = AgencyFactory(name="Springfield Police Department")
    token = _address.set("203.0.113.7")
    try:
        entry = record(
            actor=admin,
            action="agency.update",
            obj=agency,
            before={"agency_type": "local"},
            after={"agency_type": "tribal"},
            reason="registry correction",
        )
    finally:
        _address.reset(token)
    entry.refresh_from_db()
    assert entry.actor == admin
    assert entry.actor_label == admin.username
    assert entry.address == "203.0.113.7"
    assert entry.object_type == "agencies.agency"
    assert entry.object_id == str(agency.pk)
    assert entry.object_label == str(agency)
    assert entry.before == {"agency_type": "local"}
    assert entry.after == {"agency_type": "tribal"}
    assert entry.reason == "registry correction"


def test_snapshot_and_changed_keep_only_the_differences():
    agency = AgencyFactory(name="Old name", sworn_officers=10)
    before = snapshot(agency, ["name", "sworn_officers", "state"])
    agency.name = "New name"
    after = snapshot(agency, ["name", "sworn_officers", "state"])
    assert changed(before, after) == ({"name": "Old name"}, {"name": "New name"})


def test_the_application_refuses_to_change_or_delete_entries():
    entry = record(actor=None, action="system.test", object_type="test", object_id=1)
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement", ["UPDATE common_auditentry SET reason = 'x'", "DELETE FROM common_auditentry"]
)
def test_postgresql_refuses_update_and_delete(statement):
    record(actor=None, action="system.test", object_type="test", object_id=1)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
