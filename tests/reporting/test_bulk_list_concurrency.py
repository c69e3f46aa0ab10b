"""Two certifiers commit one list at once: one wins, the other finds it committed; a real worker then
turns every listed agency eligible."""

import pytest

from common.errors import InvalidTransition
from credentialing.dates import today
from credentialing.models import CredentialApplication
from grants.models import AgencyEligibility
from reporting.services import commit_list, upload_list
from tests.credentialing.test_concurrency import run_at_once
from tests.factories import AgencyFactory, CertifierFactory
from tests.grants.test_worker import wait_for, worker  # noqa: F401 - the real worker fixture

from .helpers import csv_file

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _list(certifier, count):
    agencies = [AgencyFactory(state="CA") for _ in range(count)]
    file = csv_file([[a.ori, today().isoformat(), ""] for a in agencies])
    result = upload_list(body=certifier.credentialing_body, actor=certifier, file=file, filename=file.name)
    return agencies, result.bulk_list


@pytest.mark.parametrize("attempt", range(2))
def test_two_commits_at_once_one_wins(attempt):
    first = CertifierFactory()
    second = CertifierFactory(credentialing_body=first.credentialing_body)
    agencies, bulk_list = _list(first, 5)
    outcomes = run_at_once(
        lambda: commit_list(bulk_list=bulk_list, actor=first),
        lambda: commit_list(bulk_list=bulk_list, actor=second),
    )
    losers = [o for o in outcomes if isinstance(o, InvalidTransition)]
    assert len(losers) == 1 and "already committed" in losers[0].message
    assert CredentialApplication.objects.filter(agency__in=agencies).count() == 5


@pytest.mark.worker
def test_a_real_worker_turns_every_committed_agency_eligible(worker):  # noqa: F811
    certifier = CertifierFactory()
    agencies, bulk_list = _list(certifier, 12)
    commit_list(bulk_list=bulk_list, actor=certifier)
    assert wait_for(
        lambda: AgencyEligibility.objects.filter(agency__in=agencies, basis="credentialed").count() == 12
    ), "not every listed agency became eligible"
