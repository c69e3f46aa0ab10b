"""The standards catalogue: principles added, reworded, retired and restored; the Sec. 2(c) minimums fixed."""

import pytest
from django.db import IntegrityError, connection, transaction

from common.errors import InvalidTransition, NotAllowed, RuleViolation
from common.models import AuditEntry
from credentialing.models import MANDATORY_STANDARD_CODES, Standard, StandardKind
from credentialing.services import (
    add_standard,
    create_body,
    restore_standard,
    retire_standard,
    standards_reviewed_by,
    update_standard,
)

pytestmark = pytest.mark.django_db


def _entry(action: str, standard: Standard) -> AuditEntry:
    return AuditEntry.objects.get(
        action=action, object_type="credentialing.standard", object_id=str(standard.pk)
    )


def test_a_new_principle_is_discretionary_listed_last_and_audited(doj_admin):
    standard = add_standard(
        actor=doj_admin, code="Body-Worn-Cameras", title=" Body-worn cameras ", description="Policy on use."
    )
    assert (standard.code, standard.title, standard.kind) == (
        "body-worn-cameras",
        "Body-worn cameras",
        "discretionary",
    )
    assert standard.position > max(s.position for s in Standard.objects.exclude(pk=standard.pk))
    entry = _entry("standard.added", standard)
    assert entry.actor == doj_admin and entry.after["code"] == "body-worn-cameras" and entry.before == {}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code": "not a slug", "title": "X"}, "code"),
        ({"code": "duty-to-intervene", "title": "Again"}, "code"),
        ({"code": "fresh-code", "title": "  "}, "title"),
        ({"code": "fresh-code", "title": "x" * 201}, "title"),
    ],
)
def test_bad_principles_are_refused_with_the_field_named(doj_admin, values, field):
    with pytest.raises(RuleViolation) as refused:
        add_standard(actor=doj_admin, **values)
    assert refused.value.field == field


def test_only_doj_administrators_change_the_catalogue(staff, certifier, grant_officer):
    standard = Standard.objects.get(code="warning-shots")
    for person in (staff, certifier, grant_officer):
        with pytest.raises(NotAllowed):
            add_standard(actor=person, code="new-one", title="New")
        with pytest.raises(NotAllowed):
            update_standard(actor=person, standard=standard, title="Rewritten")
        with pytest.raises(NotAllowed):
            retire_standard(actor=person, standard=standard)
    assert not AuditEntry.objects.exists()


def test_rewording_keeps_code_and_kind_and_audits_only_the_change(doj_admin):
    standard = Standard.objects.get(code="chokehold-prohibition")
    update_standard(
        actor=doj_admin, standard=standard, title="Chokeholds prohibited", description=standard.description
    )
    standard.refresh_from_db()
    assert (standard.code, standard.kind, standard.title) == (
        "chokehold-prohibition",
        "mandatory",
        "Chokeholds prohibited",
    )
    entry = _entry("standard.reworded", standard)
    assert entry.before == {"title": "Prohibition of chokeholds"}
    assert entry.after == {"title": "Chokeholds prohibited"}


def test_a_retired_principle_is_no_longer_reviewed_and_comes_back_when_restored(doj_admin):
    standard = Standard.objects.get(code="warning-shots")
    body = create_body(actor=doj_admin, name="Board", discretionary_standards=[standard])
    assert standard in standards_reviewed_by(body.pk)
    retire_standard(actor=doj_admin, standard=standard, reason="merged into another principle")
    standard.refresh_from_db()
    assert standard.is_retired and Standard.objects.filter(pk=standard.pk).exists()
    assert standard not in standards_reviewed_by(body.pk)
    assert _entry("standard.retired", standard).reason == "merged into another principle"
    with pytest.raises(InvalidTransition):
        retire_standard(actor=doj_admin, standard=standard)
    restore_standard(actor=doj_admin, standard=standard)
    assert standard in standards_reviewed_by(body.pk)
    assert _entry("standard.restored", standard).after == {"retired_at": None}
    with pytest.raises(InvalidTransition):
        restore_standard(actor=doj_admin, standard=standard)


@pytest.mark.parametrize("code", MANDATORY_STANDARD_CODES)
def test_the_service_refuses_to_retire_a_sec_2c_minimum(doj_admin, code):
    standard = Standard.objects.get(code=code)
    with pytest.raises(RuleViolation, match=r"Sec\. 2\(c\)"):
        retire_standard(actor=doj_admin, standard=standard)
    standard.refresh_from_db()
    assert standard.is_mandatory and not standard.is_retired


@pytest.mark.parametrize("code", MANDATORY_STANDARD_CODES)
@pytest.mark.parametrize(
    "assignment",
    ["kind = 'discretionary'", "retired_at = CURRENT_TIMESTAMP"],
)
def test_the_database_refuses_to_make_a_minimum_discretionary_or_retired(code, assignment):
    table = Standard._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignment} WHERE code = %s", [code])  # noqa: S608
    assert Standard.objects.get(code=code).kind == StandardKind.MANDATORY


def test_the_database_refuses_a_third_mandatory_principle():
    table = Standard._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET kind = 'mandatory' WHERE code = %s", ["warning-shots"])  # noqa: S608
