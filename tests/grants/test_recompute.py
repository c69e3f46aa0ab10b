"""The recompute: idempotent, history only on change, outbox consumed, fan-out on certification changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from common.errors import InvalidTransition, NotAllowed, RuleViolation
from credentialing import services as credentialing
from credentialing.models import BodyCertificationEvent
from grants import services
from grants.models import AgencyEligibility, EligibilityChange, RecomputeRequest
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db


def flag(agency):
    return AgencyEligibility.objects.get(agency=agency)


def test_first_recompute_stores_flag_and_history_then_second_changes_nothing(agency, body):
    application = ApplicationFactory(agency=agency, body=body, under_review=True)
    assert services.recompute_agency_eligibility(agency_id=agency.pk) is True
    stored = flag(agency)
    assert (stored.eligible, stored.basis, stored.application_id) == (True, "in_process", application.pk)
    assert EligibilityChange.objects.filter(agency=agency).count() == 1

    assert services.recompute_agency_eligibility(agency_id=agency.pk) is False
    assert EligibilityChange.objects.filter(agency=agency).count() == 1
    assert flag(agency).changed_at == stored.changed_at


def test_submit_then_deny_flips_the_flag_and_records_each_change(draft, staff, certifier, commit_hooks):
    with commit_hooks():
        credentialing.submit_application(application=draft, actor=staff)
    assert flag(draft.agency).eligible is True
    with commit_hooks():
        credentialing.start_review(application=draft, actor=certifier)
    with commit_hooks():
        credentialing.deny_application(application=draft, actor=certifier, note="Policy permits chokeholds.")
    stored = flag(draft.agency)
    assert (stored.eligible, stored.basis) == (False, "none")
    assert "denied" in stored.reason
    history = list(EligibilityChange.objects.filter(agency=draft.agency).values_list("eligible", flat=True))
    # submitted (eligible) -> under review (eligible, new reason) -> denied (not eligible)
    assert history == [True, True, False]
    assert RecomputeRequest.objects.count() == 0


def test_revoking_a_body_fans_out_to_every_dependent_agency(body, doj_admin, commit_hooks):
    agencies = [AgencyFactory() for _ in range(5)]
    for agency in agencies:
        ApplicationFactory(agency=agency, body=body, approved=True)
    bystander = AgencyFactory()
    ApplicationFactory(agency=bystander, body=BodyFactory(), approved=True)
    services.recompute_all_eligibility()
    assert AgencyEligibility.objects.filter(eligible=True).count() == 6

    with commit_hooks():
        credentialing.revoke_body_certification(body=body, actor=doj_admin, note="Standards not maintained.")

    for agency in agencies:
        stored = flag(agency)
        assert stored.eligible is False
        assert "AG certification was revoked" in stored.reason
    assert flag(bystander).eligible is True
    assert RecomputeRequest.objects.count() == 0
    event = BodyCertificationEvent.objects.get(body=body)
    assert (event.from_status, event.to_status, event.actor) == ("certified", "revoked", doj_admin)


def test_certification_changes_follow_their_own_rules(doj_admin, staff):
    body = BodyFactory(pending=True)
    with pytest.raises(NotAllowed):
        credentialing.certify_body(body=body, actor=staff)
    with pytest.raises(InvalidTransition):
        credentialing.suspend_body(body=body, actor=doj_admin, note="x")
    with pytest.raises(RuleViolation):
        credentialing.revoke_body_certification(body=body, actor=doj_admin, note="")
    body = credentialing.certify_body(body=body, actor=doj_admin)
    assert (body.certification_status, body.certified_on) == ("certified", timezone.localdate())
    body = credentialing.suspend_body(body=body, actor=doj_admin, note="Audit pending.")
    with pytest.raises(InvalidTransition, match="reinstate"):
        credentialing.certify_body(body=body, actor=doj_admin, note="Audit passed.")
    body = credentialing.reinstate_body(body=body, actor=doj_admin, note="Audit passed.")
    body = credentialing.revoke_body_certification(body=body, actor=doj_admin, note="Closed.")
    with pytest.raises(InvalidTransition):
        credentialing.certify_body(body=body, actor=doj_admin)
    assert BodyCertificationEvent.objects.filter(body=body).count() == 4


def test_reconciliation_sweep_corrects_a_wrong_flag_and_reports_it(agency, body):
    ApplicationFactory(agency=agency, body=body, approved=True)
    services.recompute_all_eligibility()
    AgencyEligibility.objects.filter(agency=agency).update(eligible=False, basis="none", reason="tampered")
    assert services.recompute_all_eligibility() == 1
    assert flag(agency).eligible is True
    assert services.recompute_all_eligibility() == 0


def test_relay_recomputes_agencies_whose_enqueue_was_lost(agency, body):
    ApplicationFactory(agency=agency, body=body, submitted=True)
    RecomputeRequest.objects.create(agency=agency, requested_at=timezone.now() - timedelta(minutes=5))
    fresh = RecomputeRequest.objects.create(agency=AgencyFactory())
    assert services.relay_outbox(older_than=timezone.now() - timedelta(seconds=30)) == 1
    assert flag(agency).eligible is True
    assert list(RecomputeRequest.objects.values_list("id", flat=True)) == [fresh.pk]


def test_set_wise_recompute_equals_the_per_agency_recompute(db):
    bodies = [BodyFactory(), BodyFactory(revoked=True), BodyFactory(suspended=True)]
    traits = [
        "submitted",
        "under_review",
        "returned",
        "approved",
        "denied",
        "withdrawn",
        "expired",
        "revoked",
    ]
    agencies = []
    for index in range(24):
        agency = AgencyFactory(tribal=index % 11 == 0)
        agencies.append(agency)
        for offset in range(index % 3):
            trait = traits[(index + offset) % len(traits)]
            ApplicationFactory(agency=agency, body=bodies[(index + offset) % 3], **{trait: True})
    services.recompute_all_eligibility()
    set_wise = {
        row.agency_id: (row.eligible, row.basis, row.reason, row.application_id)
        for row in AgencyEligibility.objects.all()
    }
    AgencyEligibility.objects.all().delete()
    for agency in agencies:
        services.recompute_agency_eligibility(agency_id=agency.pk)
    one_by_one = {
        row.agency_id: (row.eligible, row.basis, row.reason, row.application_id)
        for row in AgencyEligibility.objects.all()
    }
    assert set_wise == one_by_one
    assert len(set_wise) == 24
