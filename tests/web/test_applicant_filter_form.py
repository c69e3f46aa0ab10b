"""The applicants page's filter fields are kept in the cache under the generation of the credentialing
bodies they offer: a body created or renamed through the registry shows in the very next page, and a
repeated page reads no body at all."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from credentialing.services import create_body, update_body
from grants.filters import ApplicantFilter
from grants.selectors import programs_with_generation
from tests.factories import AgencyFactory, BodyFactory, GrantApplicantFactory, ProgramFactory
from web.filter_forms import TEMPLATE, applicant_filter_fields

pytestmark = pytest.mark.django_db

BODY_SELECT = re.compile(r'<select name="credentialing_body"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r"<option[^>]*>([^<]*)</option>")


@pytest.fixture
def program():
    program = ProgramFactory()
    GrantApplicantFactory(program=program, agency=AgencyFactory(name="Agency A", state="CA"))
    return program


def page(client, program, **params):
    """The body field's option labels (without the empty one) and the queries the page cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("program_applicants", args=[program.pk]), params)
    assert response.status_code in (200, 400)
    select = BODY_SELECT.search(response.content.decode())
    assert select is not None
    return OPTION.findall(select.group(1))[1:], len(queries)


def test_a_body_created_or_renamed_shows_in_the_next_page(client, grant_officer, doj_admin, program):
    BodyFactory(name="Beta Board")
    client.force_login(grant_officer)
    bodies, cold = page(client, program)
    assert bodies == ["Beta Board"]
    bodies, warm = page(client, program)
    assert bodies == ["Beta Board"]
    assert warm == cold - 2  # neither the bodies nor the count are read again

    made = create_body(actor=doj_admin, name="Alpha Board")
    bodies, after = page(client, program)
    assert bodies == ["Alpha Board", "Beta Board"]
    assert after == cold  # both read again: the count's generation counts every change, a body's too

    update_body(actor=doj_admin, body=made, name="Gamma Board")
    assert page(client, program)[0] == ["Beta Board", "Gamma Board"]


def test_the_chosen_values_are_part_of_what_is_kept(client, grant_officer, program):
    body = BodyFactory(name="Beta Board")
    client.force_login(grant_officer)
    page(client, program)
    response = client.get(
        reverse("program_applicants", args=[program.pk]), {"credentialing_body": body.pk, "state": "CA"}
    )
    html = response.content.decode()
    assert f'<option value="{body.pk}" selected>Beta Board</option>' in html
    assert '<option value="CA" selected>' in html


def test_a_form_in_error_is_drawn_with_its_own_messages(client, grant_officer, program):
    BodyFactory(name="Beta Board")
    client.force_login(grant_officer)
    page(client, program, state="CA")
    response = client.get(reverse("program_applicants", args=[program.pk]), {"state": "XX"})
    assert response.status_code == 400
    assert 'id="id_state-error"' in response.content.decode()


def test_the_kept_fragment_is_the_forms_own_markup(grant_officer, program):
    """Drawn from the bodies read with their generation, the fields are byte for byte what the form
    draws from its own query."""
    BodyFactory(name="Beta Board")
    BodyFactory(name="Alpha & Co")
    program = programs_with_generation().get(pk=program.pk)
    for data in ({}, {"state": "CA", "eligible": "yes"}):
        own = ApplicantFilter(data, program=program)
        assert own.is_valid()
        expected = render_to_string(TEMPLATE, {"form": own.form, "program": program})
        cache.clear()
        drawn = ApplicantFilter(data, program=program)
        assert drawn.is_valid()
        assert applicant_filter_fields(drawn.form, program) == expected  # drawn and kept
        kept = ApplicantFilter(data, program=program)
        assert kept.is_valid()
        with CaptureQueriesContext(connection) as queries:
            assert applicant_filter_fields(kept.form, program) == expected  # from the cache
        assert len(queries) == 0
