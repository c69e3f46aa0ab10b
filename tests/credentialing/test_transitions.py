"""Every transition of the state diagram: allowed ones succeed and log; refused ones change nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from common.errors import InvalidTransition, NotAllowed, NotFound, RuleViolation
from common.humanize import human_date
from credentialing import services, workflow
from credentialing.actions import available_actions
from credentialing.dates import add_months, earliest_determination
from credentialing.models import CredentialApplication, Finding, Standard, StandardKind, TransitionLog
from credentialing.states import ApplicationStatus as S
from grants.models import AgencyEligibility, RecomputeRequest
from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DocumentFactory,
)

pytestmark = pytest.mark.django_db

SERVICE_BY_ACTION = {
    "submit": services.submit_application,
    "start_review": services.start_review,
    "return": services.return_application,
    "approve": services.approve_application,
    "deny": services.deny_application,
    "revoke": services.revoke_credential,
    "withdraw": services.withdraw_application,
    "delete_draft": services.delete_draft,
}


def mark_minimums_met(application, certifier):
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        Finding.objects.update_or_create(
            application=application, standard=standard, defaults={"outcome": "met", "recorded_by": certifier}
        )


def perform(action: str, application, actor, **extra):
    kwargs = {"application": application, "actor": actor}
    if workflow.ACTIONS[action].needs_reason:
        kwargs["note"] = extra.pop("note", "Reason given in the test.")
    kwargs.update(extra)
    return SERVICE_BY_ACTION[action](**kwargs)


def snapshot(application):
    row = CredentialApplication.objects.get(pk=application.pk)
    return (
        row.status,
        row.status_changed_at,
        row.submitted_at,
        row.expires_on,
        TransitionLog.objects.filter(application=application).count(),
        RecomputeRequest.objects.count(),
    )


def application_in(status, agency, body, staff, certifier):
    """An application in ``status`` that passes every data check of the actions leaving it."""
    traits = {
        S.DRAFT: {},
        S.SUBMITTED: {"submitted": True},
        S.UNDER_REVIEW: {"under_review": True},
        S.RETURNED: {"returned": True},
        S.APPROVED: {"approved": True},
        S.DENIED: {"denied": True},
        S.WITHDRAWN: {"withdrawn": True},
        S.DELETED: {"deleted": True},
        S.EXPIRED: {"expired": True},
        S.REVOKED: {"revoked": True},
    }[status]
    application = ApplicationFactory(agency=agency, body=body, created_by=staff, **traits)
    DocumentFactory(application=application, kind="use_of_force_policy", uploaded_by=staff)
    DocumentFactory(application=application, kind="signed_declaration", uploaded_by=staff)
    mark_minimums_met(application, certifier)
    return application


def actor_for(role, staff, certifier):
    return staff if role == "agency_staff" else certifier


ALLOWED = [
    (action.name, source) for action in workflow.ACTIONS.values() if action.role for source in action.sources
]
REFUSED_STATE = [
    (action.name, status)
    for action in workflow.ACTIONS.values()
    if action.role
    for status in S.values
    if status not in action.sources
]


@pytest.mark.parametrize(("action", "source"), sorted(ALLOWED))
def test_allowed_transition_succeeds_logs_and_requests_recompute(
    action, source, agency, body, staff, certifier, commit_hooks
):
    application = application_in(source, agency, body, staff, certifier)
    actor = actor_for(workflow.ACTIONS[action].role, staff, certifier)

    with commit_hooks():
        result = perform(action, application, actor)

    result.refresh_from_db()
    assert result.status == workflow.ACTIONS[action].target
    log = TransitionLog.objects.filter(application=application).latest("at", "id")
    assert (log.action, log.from_status, log.to_status, log.actor) == (action, source, result.status, actor)
    # The recompute ran on commit and consumed its outbox row.
    assert RecomputeRequest.objects.count() == 0
    assert AgencyEligibility.objects.filter(agency=agency).exists()


@pytest.mark.parametrize(("action", "status"), sorted(REFUSED_STATE))
def test_transition_from_wrong_state_is_refused_and_changes_nothing(
    action, status, agency, body, staff, certifier
):
    application = application_in(status, agency, body, staff, certifier)
    actor = actor_for(workflow.ACTIONS[action].role, staff, certifier)
    before = snapshot(application)

    # A certifier cannot see drafts at all, so for them a draft is "not found"; a deleted draft is gone
    # for everyone.
    hidden = (status == S.DRAFT and actor == certifier) or status == S.DELETED
    expected = NotFound if hidden else InvalidTransition
    with pytest.raises(expected):
        perform(action, application, actor)

    assert snapshot(application) == before


@pytest.mark.parametrize("action", sorted(a.name for a in workflow.ACTIONS.values() if a.role))
def test_wrong_role_is_refused(action, agency, body, staff, certifier, grant_officer, doj_admin):
    source = sorted(workflow.ACTIONS[action].sources)[-1]
    application = application_in(source, agency, body, staff, certifier)
    right = actor_for(workflow.ACTIONS[action].role, staff, certifier)
    before = snapshot(application)
    wrong_roles = [grant_officer, doj_admin, certifier if right == staff else staff]
    for wrong in wrong_roles:
        with pytest.raises((NotAllowed, NotFound)):
            perform(action, application, wrong)
    assert snapshot(application) == before


def test_staff_of_another_agency_gets_not_found(draft):
    outsider = AgencyStaffFactory(agency=AgencyFactory(state="CA"))
    with pytest.raises(NotFound):
        services.submit_application(application=draft, actor=outsider)
    with pytest.raises(NotFound):
        services.withdraw_application(application=draft, actor=outsider)
    assert CredentialApplication.objects.get(pk=draft.pk).status == S.DRAFT


def test_certifier_of_another_body_gets_not_found(agency, body, staff, certifier):
    application = application_in(S.UNDER_REVIEW, agency, body, staff, certifier)
    other = CertifierFactory()
    with pytest.raises(NotFound):
        services.approve_application(application=application, actor=other)
    assert CredentialApplication.objects.get(pk=application.pk).status == S.UNDER_REVIEW


@pytest.mark.parametrize("missing", ["use_of_force_policy", "signed_declaration"])
def test_submit_needs_both_required_documents(missing, agency, body, staff):
    application = ApplicationFactory(agency=agency, body=body, created_by=staff)
    present = {"use_of_force_policy", "signed_declaration"} - {missing}
    for kind in present:
        DocumentFactory(application=application, kind=kind, uploaded_by=staff)
    with pytest.raises(RuleViolation, match="Before submitting"):
        services.submit_application(application=application, actor=staff)
    assert CredentialApplication.objects.get(pk=application.pk).status == S.DRAFT
    assert not TransitionLog.objects.filter(application=application, action="submit").exists()


@pytest.mark.parametrize("field", ["attests_legal_compliance", "attests_chokehold_prohibition"])
def test_submit_needs_both_attestations(field, draft, staff):
    CredentialApplication.objects.filter(pk=draft.pk).update(**{field: False})
    with pytest.raises(RuleViolation, match="attestation"):
        services.submit_application(application=draft, actor=staff)
    assert CredentialApplication.objects.get(pk=draft.pk).status == S.DRAFT


@pytest.mark.parametrize(
    ("body_kwargs", "message"),
    [
        ({"states_served": ["TX"]}, "does not credential agencies in California"),
        ({"agency_types_served": ["university"]}, "does not credential local police"),
        ({"pending": True}, "not currently certified"),
        ({"suspended": True}, "not currently certified"),
        ({"revoked": True}, "not currently certified"),
    ],
)
def test_submit_refused_to_a_body_that_cannot_accept(body_kwargs, message, agency, staff):
    wrong_body = BodyFactory(**body_kwargs)
    application = ApplicationFactory(agency=agency, body=wrong_body, created_by=staff)
    DocumentFactory(application=application, kind="use_of_force_policy", uploaded_by=staff)
    DocumentFactory(application=application, kind="signed_declaration", uploaded_by=staff)
    with pytest.raises(RuleViolation, match=message):
        services.submit_application(application=application, actor=staff)
    assert CredentialApplication.objects.get(pk=application.pk).status == S.DRAFT


def test_create_refuses_an_out_of_state_body_and_a_second_open_application(agency, body, staff):
    with pytest.raises(RuleViolation, match="does not credential agencies in California"):
        services.create_application(agency=agency, body=BodyFactory(states_served=["TX"]), actor=staff)
    services.create_application(agency=agency, body=body, actor=staff)
    with pytest.raises(RuleViolation, match="already has an open application"):
        services.create_application(agency=agency, body=body, actor=staff)
    assert CredentialApplication.objects.filter(agency=agency).count() == 1


def test_create_is_for_the_agency_own_staff_only(agency, body):
    outsider = AgencyStaffFactory(agency=AgencyFactory(state="CA"))
    with pytest.raises(NotAllowed):
        services.create_application(agency=agency, body=body, actor=outsider)


@pytest.mark.parametrize("action", ["return", "deny", "revoke"])
def test_reason_is_required(action, agency, body, staff, certifier):
    source = next(iter(workflow.ACTIONS[action].sources))
    application = application_in(source, agency, body, staff, certifier)
    with pytest.raises(RuleViolation, match="reason is required"):
        perform(action, application, certifier, note="   ")
    assert CredentialApplication.objects.get(pk=application.pk).status == source


def test_approve_needs_both_minimums_found_met(agency, body, staff, certifier):
    application = ApplicationFactory(agency=agency, body=body, created_by=staff, under_review=True)
    chokehold = Standard.objects.get(code="chokehold-prohibition")
    law = Standard.objects.get(code="adherence-to-law")
    Finding.objects.create(application=application, standard=law, outcome="met", recorded_by=certifier)
    Finding.objects.create(
        application=application, standard=chokehold, outcome="not_met", recorded_by=certifier
    )
    with pytest.raises(RuleViolation, match="Prohibition of chokeholds"):
        services.approve_application(application=application, actor=certifier)
    assert CredentialApplication.objects.get(pk=application.pk).status == S.UNDER_REVIEW


def test_record_findings_saves_every_row_of_the_form_at_once(agency, body, staff, certifier):
    application = ApplicationFactory(agency=agency, body=body, created_by=staff, under_review=True)
    law = Standard.objects.get(code="adherence-to-law")
    chokehold = Standard.objects.get(code="chokehold-prohibition")
    services.record_findings(
        application=application,
        actor=certifier,
        findings=[(law, "met", "Section 3"), (chokehold, "not_met", "")],
    )
    saved = {f.standard.code: (f.outcome, f.note) for f in Finding.objects.filter(application=application)}
    assert saved == {"adherence-to-law": ("met", "Section 3"), "chokehold-prohibition": ("not_met", "")}


def test_record_findings_with_one_bad_row_leaves_nothing_half_saved(agency, body, staff, certifier):
    application = ApplicationFactory(agency=agency, body=body, created_by=staff, under_review=True)
    law = Standard.objects.get(code="adherence-to-law")
    chokehold = Standard.objects.get(code="chokehold-prohibition")
    with pytest.raises(RuleViolation) as caught:
        services.record_findings(
            application=application,
            actor=certifier,
            findings=[(law, "met", "Section 3"), (chokehold, "perhaps", "")],
        )
    assert caught.value.field == "chokehold-prohibition"
    assert caught.value.message.startswith(chokehold.title)
    assert not Finding.objects.filter(application=application).exists()


def test_approve_sets_determination_and_expiry_from_the_body_term(agency, staff, certifier):
    body = certifier.credentialing_body
    body.credential_term_months = 24
    body.save()
    application = application_in(S.UNDER_REVIEW, agency, body, staff, certifier)
    result = services.approve_application(application=application, actor=certifier)
    today = timezone.localdate()
    assert result.determination_date == today
    assert result.expires_on == add_months(today, 24)


def test_approve_accepts_an_earlier_determination_within_36_months(agency, body, staff, certifier):
    application = application_in(S.UNDER_REVIEW, agency, body, staff, certifier)
    earlier = add_months(timezone.localdate(), -30)
    result = services.approve_application(
        application=application, actor=certifier, determination_date=earlier
    )
    assert result.determination_date == earlier
    assert result.expires_on == add_months(earlier, 36)
    assert "earlier determination" in TransitionLog.objects.filter(application=application).last().note


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (lambda today: add_months(today, -36) - timedelta(days=1), "within the past 36 months"),
        (lambda today: today + timedelta(days=1), "cannot be in the future"),
    ],
)
def test_approve_refuses_determination_dates_outside_the_look_back(
    offset, message, agency, body, staff, certifier
):
    application = application_in(S.UNDER_REVIEW, agency, body, staff, certifier)
    with pytest.raises(RuleViolation, match=message):
        services.approve_application(
            application=application, actor=certifier, determination_date=offset(timezone.localdate())
        )
    assert CredentialApplication.objects.get(pk=application.pk).status == S.UNDER_REVIEW


def test_look_back_first_accepted_day_is_approved_and_the_day_before_is_refused_naming_it(
    agency, body, staff, certifier
):
    today = timezone.localdate()
    first = earliest_determination(today, body.credential_term_months)
    refused = application_in(S.UNDER_REVIEW, agency, body, staff, certifier)
    with pytest.raises(RuleViolation) as caught:
        services.approve_application(
            application=refused, actor=certifier, determination_date=first - timedelta(days=1)
        )
    # The message names exactly the day the rule accepts first.
    assert f"on or after {human_date(first)}" in caught.value.message
    assert CredentialApplication.objects.get(pk=refused.pk).status == S.UNDER_REVIEW
    accepted = services.approve_application(application=refused, actor=certifier, determination_date=first)
    assert accepted.determination_date == first
    assert accepted.expires_on > today


@pytest.mark.parametrize(
    ("current", "term", "first"),
    [
        (date(2026, 12, 1), 36, date(2023, 12, 2)),  # exactly 36 months back ends today: excluded
        (date(2028, 2, 29), 36, date(2025, 3, 1)),  # Feb 28 2025 + 36 months clamps to Feb 28 2028
        (date(2026, 4, 30), 36, date(2023, 5, 1)),
        (date(2026, 12, 1), 24, date(2024, 12, 2)),  # a shorter term narrows the window
        (date(2026, 4, 30), 1, date(2026, 4, 1)),  # Mar 31 + 1 month clamps to Apr 30: still ends today
    ],
)
def test_earliest_determination_is_the_first_day_whose_credential_still_runs(current, term, first):
    assert earliest_determination(current, term) == first
    assert add_months(first, term) > current
    assert add_months(first - timedelta(days=1), term) <= current or (
        first - timedelta(days=1) <= add_months(current, -36)
    )


def test_approve_refused_while_the_body_is_suspended(agency, body, staff, certifier):
    application = application_in(S.UNDER_REVIEW, agency, body, staff, certifier)
    type(body).objects.filter(pk=body.pk).update(certification_status="suspended")
    with pytest.raises(RuleViolation, match="suspended"):
        services.approve_application(application=application, actor=certifier)


def test_resubmitting_a_returned_application_keeps_its_first_submission_date(agency, body, staff, certifier):
    application = application_in(S.RETURNED, agency, body, staff, certifier)
    first = application.submitted_at
    result = services.submit_application(application=application, actor=staff, note="Added the 2024 policy.")
    assert result.status == S.SUBMITTED
    assert result.submitted_at == first


def test_expiry_sweep_moves_lapsed_credentials_to_expired(agency, body, staff, commit_hooks):
    lapsed = ApplicationFactory(agency=agency, body=body, created_by=staff, approved_but_lapsed=True)
    current = ApplicationFactory(agency=AgencyFactory(), body=body, approved=True)
    with commit_hooks():
        assert services.expire_due_credentials() == 1
    lapsed.refresh_from_db()
    current.refresh_from_db()
    assert (lapsed.status, current.status) == (S.EXPIRED, S.APPROVED)
    log = TransitionLog.objects.get(application=lapsed)
    assert (log.actor, log.action, log.to_status) == (None, "expire", S.EXPIRED)
    assert AgencyEligibility.objects.get(agency=agency).eligible is False
    assert services.expire_due_credentials() == 0


def test_available_actions_follow_state_and_role(agency, body, staff, certifier, grant_officer):
    application = application_in(S.UNDER_REVIEW, agency, body, staff, certifier)
    assert {a.name for a in available_actions(application, certifier)} == {
        "return",
        "approve",
        "deny",
    }
    assert {a.name for a in available_actions(application, staff)} == {"withdraw"}
    assert available_actions(application, grant_officer) == []
