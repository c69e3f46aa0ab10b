"""The national data set generator at a small scale: counts, proportions, identifiers, determinism."""

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from agencies.identifiers import validate_ein, validate_ori
from agencies.models import Agency, AgencyType
from credentialing.models import CertificationStatus, CredentialApplication, CredentialingBody, TransitionLog
from credentialing.states import CLOSED_WITH_CREDENTIAL, OPEN_STATES
from demo.national.census import NO_SHERIFFS, NO_STATE_POLICE
from demo.national.load import digest
from grants.models import AgencyEligibility, EligibilityChange, GrantApplicant, GrantProgram

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)


def generate(scale=0.01, seed=7, reset=False):
    out = StringIO()
    call_command("generate_national_data", scale=scale, seed=seed, today=TODAY, reset=reset, stdout=out)
    return out.getvalue()


def test_counts_and_proportions_follow_the_census():
    output = generate()
    assert "Done in" in output and "writing rows" in output  # it reports progress
    agencies = Agency.objects.count()
    assert agencies == 180
    types = Counter(Agency.objects.values_list("agency_type", flat=True))
    assert 0.60 <= types[AgencyType.LOCAL_POLICE] / agencies <= 0.75
    assert 0.12 <= types[AgencyType.SHERIFF] / agencies <= 0.22
    assert types[AgencyType.TRIBAL] >= 1
    states = Counter(Agency.objects.values_list("state", flat=True))
    assert states.most_common(1)[0][0] == "TX"
    assert len(states) >= 40
    assert not Agency.objects.filter(agency_type=AgencyType.SHERIFF, state__in=NO_SHERIFFS).exists()
    assert not Agency.objects.filter(
        agency_type=AgencyType.PRIMARY_STATE_POLICE, state__in=NO_STATE_POLICE
    ).exists()
    small = Agency.objects.filter(sworn_officers__lt=10).count()
    assert 0.35 <= small / agencies <= 0.65

    bodies = CredentialingBody.objects.count()
    assert 40 <= bodies <= 60
    statuses = Counter(CredentialingBody.objects.values_list("certification_status", flat=True))
    assert statuses[CertificationStatus.CERTIFIED] > 0.8 * bodies
    assert statuses[CertificationStatus.SUSPENDED] and statuses[CertificationStatus.REVOKED]
    assert statuses[CertificationStatus.PENDING]
    designated = {"IACLEA", "CA POST", "TPCAF", "PCPA"}
    for body in CredentialingBody.objects.exclude(abbreviation__in=designated):
        assert "(synthetic)" in body.name or body.abbreviation in {
            "APOSTC", "CT POST", "FDLE", "GACP", "ILEAC", "KS CPOST", "NJSACOP", "NCLEA", "OCCPAB",
            "OLEAP", "WILEAG",
        }  # fmt: skip

    per_agency = Counter(CredentialApplication.objects.values_list("agency_id", flat=True))
    assert set(per_agency.values()) <= {1, 2, 3, 4}
    assert len(per_agency) == agencies
    application_statuses = Counter(CredentialApplication.objects.values_list("status", flat=True))
    assert {"approved", "expired", "denied", "withdrawn", "submitted", "under_review"} <= set(
        application_statuses
    )
    assert TransitionLog.objects.count() >= CredentialApplication.objects.count()
    assert GrantProgram.objects.count() == 20
    assert len(set(GrantProgram.objects.values_list("fiscal_year", flat=True))) >= 3
    assert GrantApplicant.objects.count() > agencies
    assert User.objects.filter(role=Role.AGENCY_STAFF).count() == agencies
    assert User.objects.filter(role=Role.CERTIFIER).count() >= bodies
    assert not any(user.has_usable_password() for user in User.objects.all()[:50])
    assert AgencyEligibility.objects.count() == agencies
    assert EligibilityChange.objects.count() == agencies


def test_identifiers_are_well_formed_and_unique():
    generate()
    rows = list(Agency.objects.values_list("ori", "ein", "state"))
    oris = [ori for ori, _, _ in rows]
    eins = [ein for _, ein, _ in rows]
    assert len(set(oris)) == len(oris) and len(set(eins)) == len(eins)
    for ori, ein, state in rows:
        validate_ori(ori)
        validate_ein(ein)
        assert ori.startswith(state) and re.fullmatch(r"[A-Z]{2}[0-9]{5}[A-Z0-9]{2}", ori)
    assert sum(ori.endswith("00") for ori in oris) > 0.8 * len(oris)


def test_database_constraints_of_applications_hold():
    generate()
    for status, determination, expires, submitted in CredentialApplication.objects.values_list(
        "status", "determination_date", "expires_on", "submitted_at"
    ):
        if status in CLOSED_WITH_CREDENTIAL:
            assert determination and expires and expires > determination
        if status == "draft":
            assert submitted is None
        if status == "approved":
            assert expires > TODAY
        if status == "expired":
            assert expires <= TODAY
    open_pairs = Counter(
        CredentialApplication.objects.filter(status__in=OPEN_STATES).values_list("agency_id", "body_id")
    )
    assert max(open_pairs.values(), default=1) == 1


def test_same_seed_same_data_and_refuses_to_overwrite():
    generate()
    first = digest()
    with pytest.raises(CommandError, match="--reset"):
        generate()
    generate(reset=True)
    assert digest() == first
    generate(seed=8, reset=True)
    assert digest() != first


def test_certified_bodies_have_a_committed_list_of_their_credentials():
    from reporting.models import BulkList, BulkListRow

    generate()
    lists = BulkList.objects.select_related("body")
    assert lists.exists()
    for bulk_list in lists:
        assert bulk_list.body.certification_status == CertificationStatus.CERTIFIED
        assert bulk_list.is_committed and bulk_list.refused_count >= 1
        assert bulk_list.rows.count() == bulk_list.row_count
    ready = BulkListRow.objects.filter(verdict="ready").select_related("application")
    assert all(r.application.agency_id == r.agency_id and r.application.status == "approved" for r in ready)


def test_a_generated_data_set_tells_no_one(mailoutbox):
    from notifications.models import Notification

    generate()
    assert AgencyEligibility.objects.filter(eligible=True).exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []
