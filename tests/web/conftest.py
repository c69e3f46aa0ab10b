from types import SimpleNamespace

import pytest

from accounts.models import Role
from credentialing.models import Standard, StandardKind
from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DocumentFactory,
    GrantApplicantFactory,
    ProgramFactory,
)


def pytest_collection_modifyitems(config, items):
    # Without collectstatic there is no STATIC_ROOT: whitenoise says so once per client; pages do not care.
    quiet = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
    for item in items:
        if "tests/web/" in str(item.path) or "tests/browser/" in str(item.path):
            item.add_marker(quiet)


@pytest.fixture
def world(agency, body, staff, certifier, doj_admin, grant_officer, draft):
    """Two agencies, two bodies, applications in several states, a program with applicants."""
    other_agency = AgencyFactory(state="TX", ori="TX0000099")
    other_body = BodyFactory(name="Texas Accreditation Program")
    submitted = ApplicationFactory(agency=agency, body=other_body, submitted=True, created_by=staff)
    under_review = ApplicationFactory(agency=other_agency, body=body, under_review=True)
    other_staff = AgencyStaffFactory(agency=other_agency, username="otherstaff")
    other_certifier = CertifierFactory(credentialing_body=other_body, username="othercertifier")
    other_draft = ApplicationFactory(agency=other_agency, body=other_body)
    document = DocumentFactory(application=under_review, kind="use_of_force_policy")
    program = ProgramFactory(name="COPS Hiring")
    GrantApplicantFactory(program=program, agency=agency)
    GrantApplicantFactory(program=program, agency=other_agency)
    return SimpleNamespace(
        agency=agency,
        body=body,
        staff=staff,
        certifier=certifier,
        doj_admin=doj_admin,
        grant_officer=grant_officer,
        draft=draft,
        other_agency=other_agency,
        other_body=other_body,
        other_staff=other_staff,
        other_certifier=other_certifier,
        other_draft=other_draft,
        submitted=submitted,
        under_review=under_review,
        document=document,
        program=program,
        mandatory=list(Standard.objects.filter(kind=StandardKind.MANDATORY)),
        discretionary=Standard.objects.get(code="duty-to-intervene"),
        users={
            Role.AGENCY_STAFF: staff,
            Role.CERTIFIER: certifier,
            Role.DOJ_ADMINISTRATOR: doj_admin,
            Role.GRANT_OFFICER: grant_officer,
        },
    )


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
