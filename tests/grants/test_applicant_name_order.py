"""A program's applicants sort by the agency's name as it stands: each row keeps a copy of the name (the
program's own sort key), written when the row is added, by hand or from a file, and renamed with the
agency in the same transaction."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from agencies.models import Agency
from agencies.services import update_agency
from common.errors import RuleViolation
from grants import services
from grants.models import GrantApplicant
from tests.api.conftest import token_client
from tests.factories import AgencyFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(grant_officer):
    program = ProgramFactory()
    for name in ("Charlie Police Department", "Alpha Sheriff's Office"):
        services.add_applicant(
            actor=grant_officer, program=program, agency=AgencyFactory(name=name), amount_requested="1000"
        )
    bravo = AgencyFactory(name="Bravo Police Department")
    services.import_applicants_csv(
        actor=grant_officer, program=program, file=io.BytesIO(f"{bravo.ori},2500\n".encode())
    )
    return program


def web_order(client, program, ordering="name") -> list[str]:
    """The applicants' names in the order the page shows them."""
    response = client.get(reverse("program_applicants", args=[program.pk]), {"ordering": ordering})
    assert response.status_code == 200
    page = response.content.decode()
    names = Agency.objects.filter(grant_applications__program=program).values_list("name", flat=True)
    return sorted(names, key=lambda name: page.index(escape(name)))


def api_order(api, program, ordering="name") -> list[str]:
    response = api.get(f"/api/v1/programs/{program.pk}/applicants/", {"ordering": ordering})
    assert response.status_code == 200
    return [row["agency_name"] for row in response.json()["results"]]


def test_every_way_of_adding_an_applicant_keeps_the_agencys_name(program):
    rows = GrantApplicant.objects.filter(program=program).select_related("agency")
    assert len(rows) == 3
    assert all(row.agency_name == row.agency.name for row in rows)


def test_the_web_page_and_the_api_sort_by_the_name_and_follow_a_rename(
    client, grant_officer, doj_admin, program
):
    client.force_login(grant_officer)
    api = token_client(grant_officer)
    first = ["Alpha Sheriff's Office", "Bravo Police Department", "Charlie Police Department"]
    assert web_order(client, program) == api_order(api, program) == first
    assert web_order(client, program, "-name") == api_order(api, program, "-name") == first[::-1]

    alpha = Agency.objects.get(name="Alpha Sheriff's Office")
    update_agency(actor=doj_admin, agency=alpha, name="Zulu County Sheriff's Office")

    renamed = ["Bravo Police Department", "Charlie Police Department", "Zulu County Sheriff's Office"]
    assert web_order(client, program) == api_order(api, program) == renamed
    assert GrantApplicant.objects.get(agency=alpha).agency_name == "Zulu County Sheriff's Office"


def test_a_refused_rename_leaves_the_applicant_rows_as_they_were(doj_admin, program):
    alpha = Agency.objects.get(name="Alpha Sheriff's Office")
    taken = Agency.objects.exclude(pk=alpha.pk).first().ori
    with pytest.raises(RuleViolation):
        # One change: the name and an ORI that another agency holds, refused by the database at the end.
        update_agency(actor=doj_admin, agency=alpha, name="Yankee Police Department", ori=taken)
    assert GrantApplicant.objects.get(agency=alpha).agency_name == "Alpha Sheriff's Office"


def test_a_row_without_the_name_is_refused_by_the_database(program):
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantApplicant.objects.create(program=program, agency=AgencyFactory(), amount_requested=10)
