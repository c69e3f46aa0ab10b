import pytest

from agencies.services import create_agency, update_agency
from common.errors import NotAllowed, RuleViolation
from grants.models import AgencyEligibility

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Example Falls Police Department",
    "ori": "wa0330100",
    "ein": "91-6001234",
    "agency_type": "local_police",
    "state": "WA",
    "head_name": "Sam Rivera",
    "head_title": "Chief of Police",
}


def test_create_normalises_identifiers_and_computes_the_flag(doj_admin, commit_hooks):
    with commit_hooks():
        agency = create_agency(actor=doj_admin, **VALID)
    assert (agency.ori, agency.ein, agency.ein_display) == ("WA0330100", "916001234", "91-6001234")
    assert AgencyEligibility.objects.get(agency=agency).reason == "no application"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ori": "WA03301"}, "ori"),
        ({"ori": "OR0330100"}, "ori"),
        ({"ein": "91-600123"}, "ein"),
        ({"state": "XX"}, "state"),
        ({"agency_type": "militia"}, "agency_type"),
        ({"sworn_officers": -3}, "sworn_officers"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(doj_admin, change, field):
    with pytest.raises(RuleViolation) as refused:
        create_agency(actor=doj_admin, **{**VALID, **change})
    assert refused.value.field == field


def test_duplicate_ori_and_wrong_role(doj_admin, staff, commit_hooks):
    with commit_hooks():
        agency = create_agency(actor=doj_admin, **VALID)
    with pytest.raises(RuleViolation, match="already has this ORI"):
        create_agency(actor=doj_admin, **{**VALID, "name": "Copy"})
    with pytest.raises(NotAllowed):
        update_agency(actor=staff, agency=agency, name="Renamed")


def test_becoming_tribal_recomputes_the_exemption(doj_admin, commit_hooks):
    with commit_hooks():
        agency = create_agency(actor=doj_admin, **VALID)
    with commit_hooks():
        update_agency(actor=doj_admin, agency=agency, agency_type="tribal")
    assert AgencyEligibility.objects.get(agency=agency).basis == "exempt"


def test_every_create_and_update_writes_an_entry_with_before_and_after(doj_admin, commit_hooks):
    from common.models import AuditEntry

    with commit_hooks():
        agency = create_agency(actor=doj_admin, **VALID)
    created = AuditEntry.objects.get(action="agency.created")
    assert created.object_id == str(agency.pk) and created.after["ori"] == "WA0330100"
    with commit_hooks():
        update_agency(actor=doj_admin, agency=agency, agency_type="tribal", sworn_officers=12)
    updated = AuditEntry.objects.get(action="agency.updated")
    assert updated.before == {"agency_type": "local_police", "sworn_officers": 0}
    assert updated.after == {"agency_type": "tribal", "sworn_officers": 12}
    assert updated.actor == doj_admin


def test_an_update_that_changes_nothing_writes_nothing(doj_admin, commit_hooks):
    from common.models import AuditEntry

    with commit_hooks():
        agency = create_agency(actor=doj_admin, **VALID)
        update_agency(actor=doj_admin, agency=agency, name=VALID["name"])
    assert not AuditEntry.objects.filter(action="agency.updated").exists()
