"""Creating and editing credentialing bodies: coverage, primary flag, term and reviewed principles."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.errors import NotAllowed, RuleViolation
from common.models import AuditEntry
from credentialing.models import CertificationStatus, Standard
from credentialing.services import approve_application, create_body, retire_standard, update_body
from credentialing.services.findings import standards_reviewed_by
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db


def _codes(body):
    return sorted(body.discretionary_standards.values_list("code", flat=True))


def test_a_new_body_is_pending_with_a_36_month_term_and_is_audited(doj_admin):
    body = create_body(
        actor=doj_admin,
        name=" Ohio Collaborative ",
        states_served=["OH", "OH"],
        agency_types_served=["local_police", "sheriff"],
        is_primary=True,
        discretionary_standards=["duty-to-intervene"],
    )
    assert body.name == "Ohio Collaborative" and body.states_served == ["OH"]
    assert body.credential_term_months == 36
    assert body.certification_status == CertificationStatus.PENDING
    reviewed = {s.code for s in standards_reviewed_by(body.pk)}
    assert reviewed == {"adherence-to-law", "chokehold-prohibition", "duty-to-intervene"}
    entry = AuditEntry.objects.get(action="body.created", object_id=str(body.pk))
    assert entry.after["states_served"] == ["OH"]
    assert entry.after["discretionary_standards"] == ["duty-to-intervene"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "B", "states_served": ["XX"]}, "states_served"),
        ({"name": "B", "agency_types_served": ["militia"]}, "agency_types_served"),
        ({"name": "B", "credential_term_months": 0}, "credential_term_months"),
        ({"name": "B", "credential_term_months": 121}, "credential_term_months"),
        ({"name": "B", "is_primary": True}, "is_primary"),
        ({"name": "B", "discretionary_standards": ["adherence-to-law"]}, "discretionary_standards"),
        ({"name": "B", "discretionary_standards": ["no-such-code"]}, "discretionary_standards"),
    ],
)
def test_bad_entries_are_refused_with_the_field_named(doj_admin, values, field):
    with pytest.raises(RuleViolation) as refused:
        create_body(actor=doj_admin, **values)
    assert refused.value.field == field
    assert not AuditEntry.objects.exists()


def test_a_duplicate_name_is_refused(doj_admin, body):
    with pytest.raises(RuleViolation, match="already a credentialing body"):
        create_body(actor=doj_admin, name=body.name)


def test_a_retired_principle_cannot_be_chosen_but_stays_chosen_where_it_was(doj_admin):
    body = create_body(actor=doj_admin, name="Board", discretionary_standards=["warning-shots", "training"])
    retire_standard(actor=doj_admin, standard=Standard.objects.get(code="warning-shots"))
    with pytest.raises(RuleViolation, match="retired"):
        update_body(actor=doj_admin, body=body, discretionary_standards=["warning-shots"])
    update_body(actor=doj_admin, body=body, discretionary_standards=["medical-care"])
    assert _codes(body) == ["medical-care", "warning-shots"]


def test_only_doj_administrators_change_the_register(staff, certifier, grant_officer, body):
    for person in (staff, certifier, grant_officer):
        with pytest.raises(NotAllowed):
            create_body(actor=person, name="Another")
        with pytest.raises(NotAllowed):
            update_body(actor=person, body=body, name="Renamed")


def test_an_edit_audits_only_what_changed(doj_admin, body):
    update_body(
        actor=doj_admin,
        body=body,
        name=body.name,
        states_served=["WA"],
        discretionary_standards=["duty-to-intervene"],
    )
    entry = AuditEntry.objects.get(action="body.updated")
    assert entry.before == {"states_served": [], "discretionary_standards": []}
    assert entry.after == {"states_served": ["WA"], "discretionary_standards": ["duty-to-intervene"]}
    update_body(actor=doj_admin, body=body, name=body.name)
    assert AuditEntry.objects.filter(action="body.updated").count() == 1, "no change, no entry"


def test_narrowing_coverage_leaves_existing_applications_alone(doj_admin, body):
    agency = AgencyFactory(state="CA")
    open_application = ApplicationFactory(agency=agency, body=body, under_review=True)
    update_body(actor=doj_admin, body=body, states_served=["TX"], agency_types_served=["sheriff"])
    open_application.refresh_from_db()
    assert open_application.status == "under_review" and open_application.body_id == body.pk


def test_a_new_term_applies_to_approvals_from_then_on(doj_admin, body, certifier, agency):
    earlier = ApplicationFactory(agency=agency, body=body, approved=True)
    expiry_before = earlier.expires_on
    update_body(actor=doj_admin, body=body, credential_term_months=24)
    earlier.refresh_from_db()
    assert earlier.expires_on == expiry_before
    later = ApplicationFactory(agency=AgencyFactory(state="CA"), body=body, under_review=True)
    for standard in Standard.objects.filter(kind="mandatory"):
        later.findings.create(standard=standard, outcome="met", recorded_by=certifier)
    today = timezone.localdate()
    approved = approve_application(application=later, actor=certifier, determination_date=today)
    assert (approved.expires_on - today) < timedelta(days=24 * 31 + 1)
    assert (approved.expires_on - today) > timedelta(days=24 * 30 - 1)


def test_the_edit_locks_and_keeps_the_certification(doj_admin):
    body = BodyFactory(suspended=True)
    update_body(actor=doj_admin, body=body, name="Renamed Board")
    body.refresh_from_db()
    assert body.name == "Renamed Board" and body.certification_status == CertificationStatus.SUSPENDED
