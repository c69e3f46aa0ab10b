"""The national picture (DOJ overview) and the public figures of Sec. 4 programs."""

import csv
import io
import json
from datetime import date

import pytest
from django.urls import reverse

from community.figures import national_picture, public_table
from tests.factories import AgencyFactory, AgencyStaffFactory, sec4_program

pytestmark = pytest.mark.django_db


def _run(state, model="co_responder", agency_type="local_police", **terms):
    agency = AgencyFactory(state=state, agency_type=agency_type)
    return sec4_program(actor=AgencyStaffFactory(agency=agency), model=model, **terms)


def test_agencies_are_counted_per_model_state_and_type_with_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    first = _run("WA")
    sec4_program(actor=AgencyStaffFactory(agency=first.agency))  # a second team of the same agency: once
    sec4_program(actor=AgencyStaffFactory(agency=first.agency), model="homelessness_outreach")
    _run("WA", agency_type="sheriff", model="crisis_line_diversion")
    _run("OR", ended_on=date(2025, 1, 1))  # ended: not running
    AgencyFactory(state="OR")
    with django_assert_num_queries(6):
        picture = national_picture()
    wa = next(row for row in picture.by_state if row.key == "WA")
    assert (wa.agencies, wa.any_model) == (2, 2)
    assert wa.by_model["co_responder"] == 1 and wa.by_model["homelessness_outreach"] == 1
    assert wa.by_model["crisis_line_diversion"] == 1
    oregon = next(row for row in picture.by_state if row.key == "OR")
    assert (oregon.agencies, oregon.any_model, oregon.share) == (2, 0, 0.0)
    sheriffs = next(row for row in picture.by_type if row.key == "sheriff")
    assert sheriffs.any_model == 1
    assert picture.total.any_model == 2 and picture.total.agencies == 4


def test_the_overview_shows_the_map_and_tables(client, doj_admin, grant_officer):
    _run("WA")
    for reader in (doj_admin, grant_officer):
        client.force_login(reader)
        page = client.get(reverse("national_overview")).content.decode()
        assert 'id="sec4-map-title"' in page and 'id="sec4-states"' in page and 'id="sec4-types"' in page


def test_public_counts_under_ten_are_suppressed_and_none_can_be_worked_out(client):
    for _ in range(12):
        _run("CA")
    for _ in range(11):
        _run("TX")
    for _ in range(3):
        _run("WA")
    table = public_table()
    rows = dict(table.rows)
    model = table.models.index("Co-responder team")
    true = {"California": 12, "Texas": 11, "Washington": 3}
    assert rows["Washington"][model] is None
    for state, values in rows.items():
        assert values[model] in (None, true[state])  # what is published is true
    # No hidden count follows from a published total: a line with a published total hides none or two+.
    for values in [*rows.values(), table.totals]:
        hidden = [v for v in values[:-1] if v is None]
        assert values[-1] is None or len(hidden) != 1
    column = [values[model] for values in rows.values()]
    assert table.totals[model] is None or column.count(None) != 1

    page = client.get(reverse("figures")).content.decode()
    assert 'id="sec4-public"' in page
    body = b"".join(client.get(reverse("figures_csv")).streaming_content).decode("utf-8-sig")
    sec4_rows = [r for r in csv.DictReader(io.StringIO(body)) if r["Table"].startswith("Sec. 4")]
    by_category = {r["Category"]: r["Count"] for r in sec4_rows}
    assert by_category["California: Co-responder team"] in ("12", "suppressed")
    assert by_category["Washington: Co-responder team"] == "suppressed"
    data = json.loads(client.get(reverse("figures_json")).content)
    assert data["sec4"]["threshold"] == 10 and "tables" in data
    assert client.get(reverse("public_data_dictionary")).content.decode().count("sec4-threshold-heading") == 1
