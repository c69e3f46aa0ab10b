"""A real Celery worker flips a program applicant when its quarterly report is submitted."""

import pytest
from django.utils import timezone

from grants.models import AgencyEligibility, RecomputeRequest
from grants.selectors import applicants_of
from grants.services import recompute_agency_eligibility
from records.quarters import last_complete
from records.services.reports import submit_report
from tests.factories import AgencyStaffFactory, ApplicationFactory, GrantApplicantFactory, ProgramFactory
from tests.grants.test_worker import wait_for, worker  # noqa: F401 - the worker fixture

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_submitting_the_missing_report_makes_the_applicant_eligible(worker):  # noqa: F811
    last = last_complete(timezone.localdate())
    application = ApplicationFactory(approved=True)
    agency = application.agency
    staff = AgencyStaffFactory(agency=agency)
    program = ProgramFactory(applies_sec3d=True, sec3d_reporting_from=last.start)
    GrantApplicantFactory(program=program, agency=agency)
    recompute_agency_eligibility(agency_id=agency.pk)
    row = applicants_of(program).get()
    assert row.credentialing_holds and not row.reporting_holds and not row.is_eligible

    submit_report(
        actor=staff,
        agency=agency,
        quarter=last,
        zero=True,
        signed_by_name="Pat Example",
        signed_by_title="Chief of Police",
    )

    def flipped() -> bool:
        return AgencyEligibility.objects.filter(agency=agency, reported_through=last.start).exists()

    assert wait_for(flipped), "the worker did not recompute after the report"
    row = applicants_of(program).get()
    assert row.is_eligible and row.reporting_holds
    assert wait_for(lambda: not RecomputeRequest.objects.filter(agency=agency).exists())
