"""An applicant added while its agency is being renamed takes the new name (PostgreSQL): the add waits for
the rename's transaction, so no row keeps a name its agency no longer has."""

import io
import threading

import psycopg
import pytest
from django.db import connection

from grants import services
from grants.models import GrantApplicant
from tests.factories import AgencyFactory, ProgramFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def renamed_elsewhere(agency_id: int, name: str) -> psycopg.Connection:
    """Another session renaming the agency as ``update_agency`` does (its row held), not yet committed."""
    other = psycopg.connect(**connection.get_connection_params())
    other.execute("SELECT id FROM agencies_agency WHERE id = %s FOR NO KEY UPDATE", [agency_id])
    other.execute("UPDATE agencies_agency SET name = %s WHERE id = %s", [name, agency_id])
    return other


def in_thread(work) -> threading.Thread:
    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("how", ["by hand", "from a file"])
def test_an_applicant_added_during_a_rename_waits_for_it_and_takes_the_new_name(grant_officer, how):
    program = ProgramFactory()
    agency = AgencyFactory(name="Lakeview Police Department")

    def add():
        if how == "by hand":
            services.add_applicant(actor=grant_officer, program=program, agency=agency, amount_requested="10")
        else:
            rows = io.BytesIO(f"{agency.ori},10\n".encode())
            services.import_applicants_csv(actor=grant_officer, program=program, file=rows)

    with renamed_elsewhere(agency.pk, "Lakeview City Police Department") as other:
        adding = in_thread(add)
        adding.join(timeout=1)
        assert adding.is_alive(), "the add did not wait for the rename's transaction"
        other.commit()
    adding.join(timeout=10)
    assert not adding.is_alive()
    assert GrantApplicant.objects.get(program=program).agency_name == "Lakeview City Police Department"
