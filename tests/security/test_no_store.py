"""Responses to a signed-in person are never stored by a browser or a proxy."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_a_page_for_a_signed_in_user_is_private_and_not_stored(client, staff):
    client.force_login(staff)
    response = client.get(reverse("agency_dashboard"))
    assert response.status_code == 200
    assert no_store(response)


def test_an_api_answer_to_a_session_is_private_and_not_stored(client, staff):
    client.force_login(staff)
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert no_store(response)


def test_an_api_answer_to_a_token_is_private_and_not_stored(staff):
    response = token_client(staff).get("/api/v1/applications/")
    assert response.status_code == 200
    assert no_store(response)


def test_an_anonymous_answer_is_left_alone():
    assert not no_store(APIClient().get("/api/v1/me/"))
