"""A varied little country for comparing the web pages and the API list by list."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from agencies.models import AgencyType
from grants.services import recompute_all_eligibility

from ..factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    ProgramFactory,
)

STATES = ["CA", "TX", "NY"]
TYPES = [AgencyType.LOCAL_POLICE, AgencyType.SHERIFF, AgencyType.UNIVERSITY, AgencyType.TRIBAL]
TRAITS = ["submitted", "under_review", "returned", "approved", "denied", "withdrawn", "revoked", None]


@pytest.fixture
def country(db):
    national = BodyFactory(name="National Accreditation Board", abbreviation="NAB")
    texas = BodyFactory(name="Texas Best Practices Program", abbreviation="TBP", states_served=["TX"])
    suspended = BodyFactory(name="Suspended Commission", abbreviation="SC", suspended=True)
    bodies = [national, texas, suspended]
    program = ProgramFactory()
    agencies = []
    for n in range(36):
        state = STATES[n % 3]
        agency = AgencyFactory(
            state=state,
            agency_type=TYPES[n % 4],
            name=f"{['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm', 'Fir'][n % 6]} County {n} Police",
            sworn_officers=10 + (n * 7) % 50,
        )
        agencies.append(agency)
        trait = TRAITS[n % len(TRAITS)]
        body = bodies[n % 3] if state == "TX" or bodies[n % 3] is not texas else national
        if trait:
            application = ApplicationFactory(agency=agency, body=body, **{trait: True})
            # Spread the queue's waiting times so every sort key separates rows.
            application.status_changed_at = timezone.now() - timedelta(days=n)
            application.save(update_fields=["status_changed_at"])
        if n % 4 != 3:
            GrantApplicantFactory(program=program, agency=agency, amount_requested=1000 * (n % 9 + 1))
    recompute_all_eligibility()
    certifier = CertifierFactory(credentialing_body=national)
    return SimpleNamespace(
        bodies=bodies,
        national=national,
        texas=texas,
        program=program,
        agencies=agencies,
        certifier=certifier,
        admin=DojAdministratorFactory(),
        officer=GrantOfficerFactory(),
    )
