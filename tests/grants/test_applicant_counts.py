"""The applicant lists' counts are cached, and never stale: every change they depend on bumps the
generation they are keyed by. Their rows come from plain values, with the serializer's exact output."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import AgencyType
from agencies.services import update_agency
from api.serializers import ApplicantSerializer, applicant_representations
from grants import services
from grants.filters import ApplicantFilter
from grants.selectors import applicant_values, programs_with_generation
from records.models import ReportingStatus
from records.quarters import last_complete
from tests.api.conftest import token_client
from tests.factories import AgencyFactory, ApplicationFactory, GrantApplicantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    program = ProgramFactory()
    for number in range(3):
        GrantApplicantFactory(program=program, agency=AgencyFactory(name=f"Agency {number}", state="CA"))
    return program


def page(client, program, **params):
    """The HTML page's count line (total, eligible, not eligible) and the queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("program_applicants", args=[program.pk]), params)
    assert response.status_code == 200
    context = response.context
    return (context["total"], context["eligible_count"], context["not_eligible_count"]), len(queries)


def api_count(api, program, **params):
    response = api.get(f"/api/v1/programs/{program.pk}/applicants/", params)
    assert response.status_code == 200
    return response.json()["count"]


def test_the_count_is_cached_and_a_flag_changed_by_the_recompute_shows_at_once(
    client, grant_officer, program, body
):
    client.force_login(grant_officer)
    api = token_client(grant_officer)
    counts, cold = page(client, program)
    assert counts == (3, 0, 3)
    counts, warm = page(client, program)
    assert counts == (3, 0, 3)
    # Neither the aggregate nor the bodies of the filter form (``web.filter_forms``) are read again.
    assert warm == cold - 2
    assert api_count(api, program, eligible="yes") == 0

    agency = program.applicants.order_by("agency__name").first().agency
    ApplicationFactory(agency=agency, body=body, under_review=True)
    assert services.recompute_agency_eligibility(agency_id=agency.pk) is True

    counts, after = page(client, program)
    assert counts == (3, 1, 2)
    assert after == cold - 1  # counted again; the filter form stays cached (no body changed)
    assert page(client, program, eligible="yes")[0] == (1, 1, 2)
    assert api_count(api, program, eligible="yes") == 1
    assert api_count(api, program, eligible="no") == 2


def test_the_api_count_is_cached_too(grant_officer, program):
    api = token_client(grant_officer)
    url = f"/api/v1/programs/{program.pk}/applicants/"
    with CaptureQueriesContext(connection) as cold:
        assert api.get(url).json()["count"] == 3
    with CaptureQueriesContext(connection) as warm:
        assert api.get(url).json()["count"] == 3
    assert len(warm) == len(cold) - 1


def test_adding_and_removing_an_applicant_changes_the_count(client, grant_officer, program):
    client.force_login(grant_officer)
    assert page(client, program)[0][0] == 3
    added = services.add_applicant(
        actor=grant_officer, program=program, agency=AgencyFactory(), amount_requested="1000"
    )
    assert page(client, program)[0][0] == 4
    services.remove_applicant(actor=grant_officer, applicant=added)
    assert page(client, program)[0][0] == 3


def test_an_agency_moving_state_changes_the_filtered_count(client, grant_officer, doj_admin, program):
    client.force_login(grant_officer)
    assert page(client, program, state="CA")[0][0] == 3
    agency = program.applicants.first().agency
    update_agency(actor=doj_admin, agency=agency, state="OR", ori="OR" + agency.ori[2:])
    assert page(client, program, state="CA")[0][0] == 2
    assert page(client, program, state="OR")[0][0] == 1


def test_a_program_edit_changes_the_key(client, grant_officer, program, body):
    """Sec. 3(d) and the deadline decide who is eligible: the key carries them, so an edit needs no bump."""
    client.force_login(grant_officer)
    agency = program.applicants.first().agency
    ApplicationFactory(agency=agency, body=body, under_review=True)
    services.recompute_agency_eligibility(agency_id=agency.pk)
    assert page(client, program)[0] == (3, 1, 2)
    program.applies_sec3d, program.sec3d_reporting_from = True, date(2025, 1, 1)
    program.save()
    assert page(client, program)[0] == (3, 0, 3)  # it has never reported


def _serialised(program, params=None):
    program = programs_with_generation().get(pk=program.pk)
    filters = ApplicantFilter(params or {}, program=program)
    assert filters.is_valid()
    rows = filters.qs
    old = [dict(row) for row in ApplicantSerializer(rows, many=True, context={"program": program}).data]
    new = applicant_representations(applicant_values(rows), program=program)
    return old, new


@pytest.mark.parametrize("kind", ["discretionary", "formula", "sec3d"])
def test_rows_from_values_say_exactly_what_the_serializer_says(kind, body):
    extra = {"applies_sec3d": True, "sec3d_reporting_from": date(2025, 1, 1)} if kind == "sec3d" else {}
    program = ProgramFactory(formula=kind == "formula", **extra)
    reporting = AgencyFactory(name="Reporting <b>&</b> Police")
    ReportingStatus.objects.create(
        agency=reporting,
        reported_from=date(2025, 1, 1),
        reported_through=last_complete(timezone.localdate()).start,
    )
    ApplicationFactory(agency=reporting, body=body, under_review=True)
    tribal = AgencyFactory(agency_type=AgencyType.TRIBAL)
    silent = AgencyFactory()
    for number, agency in enumerate((reporting, tribal, silent, AgencyFactory())):
        GrantApplicantFactory(program=program, agency=agency, amount_requested=f"{1234567 + number}.5")
    services.recompute_eligibility_of(agency_ids=[reporting.pk, tribal.pk, silent.pk])
    for params in (None, {"as_of": (timezone.localdate() - timedelta(days=400)).isoformat()}):
        old, new = _serialised(program, params)
        assert len(new) == 4
        assert new == old
        assert [list(row) for row in new] == [list(row) for row in old]  # the same keys in the same order


def test_the_page_escapes_what_it_shows(client, grant_officer):
    program = ProgramFactory()
    GrantApplicantFactory(program=program, agency=AgencyFactory(name="<script>alert(1)</script> & Co"))
    client.force_login(grant_officer)
    html = client.get(reverse("program_applicants", args=[program.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>alert(1)" not in html


def test_counts_are_kept_under_the_generation_they_were_counted_at(program):
    """The program may come from the primary and the count from a lagging replica: a count must never be
    kept under a generation newer than the data it counted."""
    from django.core.cache import cache

    from grants.filters import _counts_key, applicant_counts

    fetched = programs_with_generation().get(pk=program.pk)
    counted_at = fetched.count_generation
    fetched.count_generation = counted_at + 5  # as read from a copy ahead of the one the count reads
    filterset = ApplicantFilter({}, program=fetched)
    assert filterset.is_valid()
    cache.clear()
    assert applicant_counts(filterset)["shown"] == 3
    assert cache.get(_counts_key(filterset, counted_at + 5)) is None
    assert cache.get(_counts_key(filterset, counted_at)) == {"total": 3, "eligible": 0}
