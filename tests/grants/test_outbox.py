"""The outbox keeps one pending row per agency: a change made while it is pending joins it and asks for
no recompute of its own; only the change that created the row enqueues one."""

import pytest

from grants import outbox, services
from grants.models import RecomputeRequest
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_only_the_change_that_creates_the_pending_row_enqueues(django_capture_on_commit_callbacks):
    agency, other = AgencyFactory(), AgencyFactory()
    with django_capture_on_commit_callbacks() as first:
        outbox.request_recompute(agency_ids=[agency.pk])
    with django_capture_on_commit_callbacks() as joined:
        outbox.request_recompute(agency_ids=[agency.pk])
        outbox.request_recompute(agency_ids=[agency.pk])
    with django_capture_on_commit_callbacks() as partly:
        outbox.request_recompute(agency_ids=[other.pk, agency.pk])
    assert (len(first), len(joined), len(partly)) == (1, 0, 1)
    assert sorted(RecomputeRequest.objects.values_list("agency_id", flat=True)) == sorted(
        [agency.pk, other.pk]
    )


def test_a_change_after_the_recompute_took_the_row_enqueues_again(django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    outbox.request_recompute(agency_ids=[agency.pk])
    services.recompute_agency_eligibility(agency_id=agency.pk)
    assert not RecomputeRequest.objects.exists()
    with django_capture_on_commit_callbacks() as again:
        outbox.request_recompute(agency_ids=[agency.pk])
    assert len(again) == 1


def test_a_body_change_keeps_the_pending_rows_and_always_enqueues(django_capture_on_commit_callbacks, body):
    agencies = [AgencyFactory() for _ in range(3)]
    outbox.request_recompute(agency_ids=[agencies[0].pk])
    with django_capture_on_commit_callbacks() as fan_out:
        outbox.request_body_recompute(body_id=body.pk, agency_ids=[a.pk for a in agencies])
    assert len(fan_out) == 1
    assert RecomputeRequest.objects.count() == 3
