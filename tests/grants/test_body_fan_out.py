"""A body's fan-out, set-wise: the outbox rows and the notices selected by the database, and on
PostgreSQL the rule applied inside it (``grants.rule_sql``), which must write exactly what
``grants.eligibility.evaluate`` says for every kind of fact."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from credentialing import services as credentialing
from credentialing.models import CertificationStatus, CredentialingBody
from credentialing.selectors import agencies_depending_on_body
from grants import outbox, services
from grants.backlog import outbox_backlog, outbox_empty
from grants.eligibility import evaluate
from grants.facts import load_facts, load_runs
from grants.models import AgencyEligibility, BodyRecomputeRequest, EligibilityChange, RecomputeRequest
from notifications import compose
from notifications.models import Notification
from records.models import ReportingStatus
from tests.factories import AgencyFactory, AgencyStaffFactory, ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db

C = CertificationStatus
TRAITS = ["draft", "submitted", "under_review", "returned", "approved", "approved_but_lapsed", "expired",
          "revoked", "denied", "withdrawn", "deleted"]  # fmt: skip


def _application(agency, body, trait: str, **extra):
    return ApplicationFactory(
        agency=agency, body=body, **({} if trait == "draft" else {trait: True}), **extra
    )


@pytest.fixture
def national():
    """A national body and agencies depending on it with every kind of fact the rule reads."""
    body = BodyFactory(name="O'Neill Standards Board")
    others = [
        BodyFactory(),
        BodyFactory(suspended=True),
        BodyFactory(revoked=True),
        BodyFactory(pending=True),
    ]
    staff = {}
    # Each state of the application to the body, alone and beside each state of one to another body.
    for trait, (other, other_trait) in itertools.product(
        TRAITS, [(None, None), *itertools.product(others, ["submitted", "approved", "denied", "expired"])]
    ):
        agency = AgencyFactory()
        _application(agency, body, trait)
        if other is not None:
            _application(agency, other, other_trait)
        staff[agency.pk] = AgencyStaffFactory(agency=agency)
    # Tribal agencies are exempt; a run of Sec. 3 reports is stored with the flag.
    tribal = AgencyFactory(tribal=True)
    _application(tribal, body, "approved")
    reporting = AgencyFactory()
    _application(reporting, body, "submitted")
    ReportingStatus.objects.create(
        agency=reporting, reported_from=date(2025, 1, 1), reported_through=date(2026, 4, 1)
    )
    # Ties broken by the application's number; several applications in one rank; a seven-digit number.
    moment = timezone.now() - timedelta(days=3)
    second = BodyFactory()
    for in_process in (False, True):
        tied = AgencyFactory()
        for trait in ("denied", "withdrawn", *(["submitted"] if in_process else [])):
            _application(tied, body, trait, status_changed_at=moment, submitted_at=moment)
        _application(tied, others[1], "submitted", status_changed_at=moment, submitted_at=moment)
        if in_process:
            _application(tied, second, "submitted", status_changed_at=moment, submitted_at=moment)
    credentialed = AgencyFactory()
    _application(credentialed, body, "approved")
    _application(credentialed, others[0], "approved")
    _application(credentialed, second, "approved")
    long_number = AgencyFactory()
    _application(long_number, body, "under_review", id=1_234_567)
    # An inactive person and a person of an agency that does not depend on the body are not told.
    AgencyStaffFactory(agency=tribal, is_active=False)
    bystander = AgencyFactory()
    _application(bystander, others[0], "approved")
    AgencyStaffFactory(agency=bystander)
    services.recompute_all_eligibility()
    return body, staff, bystander


def _stored(agency_ids) -> dict[int, tuple]:
    return {
        row[0]: tuple(row[1:])
        for row in AgencyEligibility.objects.filter(agency_id__in=agency_ids).values_list(
            "agency_id", "eligible", "basis", "reason", "application_id", "reported_from", "reported_through"
        )
    }


def _by_the_rule(agency_ids, today) -> dict[int, tuple]:
    types, facts = load_facts(agency_ids)
    runs = load_runs(agency_ids)
    wanted = {}
    for agency_id, agency_type in types.items():
        kwargs = {"run": runs[agency_id]} if agency_id in runs else {}
        result = evaluate(
            agency_type=agency_type, applications=facts.get(agency_id, ()), today=today, **kwargs
        )
        wanted[agency_id] = (
            result.eligible,
            result.basis,
            result.reason,
            result.application_id,
            result.run.reported_from,
            result.run.reported_through,
        )
    return wanted


@pytest.mark.parametrize("status", [C.REVOKED, C.SUSPENDED, C.PENDING, C.CERTIFIED])
def test_the_fan_out_writes_what_the_rule_says(national, status):
    body, _, bystander = national
    today = timezone.localdate()
    CredentialingBody.objects.filter(pk=body.pk).update(
        certification_status=C.REVOKED, certification_changed_at=timezone.now() - timedelta(days=2)
    )
    services.recompute_all_eligibility(today=today)
    CredentialingBody.objects.filter(pk=body.pk).update(
        certification_status=status, certification_changed_at=timezone.now()
    )
    dependants = agencies_depending_on_body(body.pk)
    before = _stored(dependants)
    history = EligibilityChange.objects.count()
    bystander_flag = _stored([bystander.pk])

    changed = services.recompute_body_agencies(body_id=body.pk, today=today)

    after = _stored(dependants)
    assert after == _by_the_rule(dependants, today)
    assert changed == sum(after[agency_id] != before[agency_id] for agency_id in dependants)
    assert changed > 0  # a revocation two days ago, now another status or another day: new reasons
    assert EligibilityChange.objects.count() == history + changed
    assert _stored([bystander.pk]) == bystander_flag
    # Nothing left to change, whichever path looks.
    assert services.recompute_body_agencies(body_id=body.pk, today=today) == 0
    assert services.recompute_eligibility_of(agency_ids=dependants, today=today) == 0


def test_revocation_writes_the_outbox_rows_and_notices_set_wise(national, doj_admin, commit_hooks):
    body, _, bystander = national
    dependants = set(agencies_depending_on_body(body.pk))
    Notification.objects.all().delete()
    with commit_hooks():
        credentialing.revoke_body_certification(body=body, actor=doj_admin, note="Standards not maintained.")
    # Every dependant recomputed (the body's task ran on commit), every flag the rule's.
    assert outbox_empty()
    assert _stored(dependants) == _by_the_rule(list(dependants), timezone.localdate())

    body.refresh_from_db()
    key = f"body:{body.pk}:certification:revoked:{body.certification_changed_at}"
    told = Notification.objects.filter(key=key)
    active_staff = set(
        User.objects.filter(role=Role.AGENCY_STAFF, agency_id__in=dependants, is_active=True).values_list(
            "pk", flat=True
        )
    )
    assert set(told.values_list("recipient_id", flat=True)) == active_staff
    wanted = compose.body_certification(body, "Standards not maintained.", for_certifier=False)
    notice = told.first()
    assert (notice.kind, notice.subject, notice.what_happened, notice.why, notice.next_step) == (
        wanted.kind,
        wanted.subject,
        wanted.what_happened,
        wanted.why,
        wanted.next_step,
    )
    assert (notice.link_path, notice.link_label) == (wanted.link_path, wanted.link_label)
    assert not Notification.objects.filter(recipient__agency=bystander).exists()

    # Each flip told to its agency's staff, in the words compose gives it.
    flipped = told.model.objects.filter(key__startswith="agency:")
    assert flipped.exists()
    for notice in flipped.select_related("recipient__agency"):
        agency = notice.recipient.agency
        stored = AgencyEligibility.objects.get(agency=agency)
        assert stored.eligible is False
        message = compose.eligibility(agency.name, False, stored.reason)
        assert notice.key.startswith(f"agency:{agency.pk}:eligible:False:")
        assert (notice.subject, notice.what_happened, notice.why, notice.next_step, notice.link_path) == (
            message.subject,
            message.what_happened,
            message.why,
            message.next_step,
            message.link_path,
        )
    # Once per person and event: writing the same notices again adds nothing.
    count = Notification.objects.count()
    outbox.request_body_recompute(body_id=body.pk)
    assert Notification.objects.count() == count


def test_a_body_without_dependants_fans_out_to_no_one(doj_admin, commit_hooks):
    body = BodyFactory()
    with commit_hooks():
        credentialing.revoke_body_certification(body=body, actor=doj_admin, note="Closed.")
    assert outbox_empty()
    assert (
        not Notification.objects.filter(key__startswith=f"body:{body.pk}:")
        .exclude(recipient__role=Role.CERTIFIER)
        .exists()
    )


@pytest.mark.postgres
def test_the_fan_out_costs_a_fixed_number_of_statements(national):
    from django.test.utils import CaptureQueriesContext

    body, _, _ = national
    CredentialingBody.objects.filter(pk=body.pk).update(certification_status=C.REVOKED)
    with CaptureQueriesContext(connection) as queries:
        services.recompute_body_agencies(body_id=body.pk)
    # The savepoint and its release, the lock, the sort memory, the body's outbox row, its agencies'
    # outbox rows, the rule with its writes, the flips' notices and the counts' generation.
    assert len(queries) <= 9, [query["sql"][:60] for query in queries.captured_queries]


def test_a_revocation_leaves_one_pending_row_for_the_body_until_its_task_runs(national, doj_admin):
    body, _, _ = national
    dependants = agencies_depending_on_body(body.pk)
    assert len(dependants) > 100
    pending_before = RecomputeRequest.objects.count()
    # No on-commit hook runs here: the body's tasks are lost, as when the broker is down. The second
    # change joins the row the first left waiting.
    credentialing.suspend_body(body=body, actor=doj_admin, note="Under review.")
    credentialing.revoke_body_certification(body=body, actor=doj_admin, note="Standards not maintained.")
    # One row stands for every dependant; none is written per agency.
    assert list(BodyRecomputeRequest.objects.values_list("body_id", flat=True)) == [body.pk]
    assert RecomputeRequest.objects.count() == pending_before
    assert outbox_backlog().pending == pending_before + 1
    assert not outbox_empty()
    stale = _stored(dependants)

    # The relay finds the row the task never took, and recomputes every dependant.
    found = services.relay_outbox(older_than=timezone.now() + timedelta(seconds=1))

    assert found == 1 + pending_before
    assert outbox_empty()
    after = _stored(dependants)
    assert after == _by_the_rule(dependants, timezone.localdate())
    assert after != stale


def test_the_sweep_covers_a_waiting_body(national, doj_admin):
    body, _, _ = national
    dependants = agencies_depending_on_body(body.pk)
    credentialing.revoke_body_certification(body=body, actor=doj_admin, note="Standards not maintained.")
    assert BodyRecomputeRequest.objects.exists()

    services.recompute_all_eligibility()

    assert outbox_empty()
    assert _stored(dependants) == _by_the_rule(dependants, timezone.localdate())
    # The body's task, arriving after the sweep, has nothing left to take or change.
    assert services.recompute_body_agencies(body_id=body.pk) == 0
