"""The sign-in lock-out counts a user name's failures from every address, and an address's on their own."""

import pytest
from django.urls import reverse

from tests.factories import AgencyStaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-1"


def sign_in(client, username: str, password: str, address: str):
    client.cookies.clear()
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_lock_holds_when_the_right_password_comes_from_a_second_address(client, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 3
    user = AgencyStaffFactory()
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        sign_in(client, user.username, "wrong password", address)
    response = sign_in(client, user.username, PASSWORD, "198.51.100.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_failing_for_one_user_does_not_lock_out_the_others_behind_it(client, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 3
    proxy = "203.0.113.10"
    guessed, colleague = AgencyStaffFactory(), AgencyStaffFactory()
    for _ in range(3):
        sign_in(client, guessed.username, "wrong password", proxy)
    assert sign_in(client, guessed.username, PASSWORD, proxy).status_code == 429
    assert sign_in(client, colleague.username, PASSWORD, proxy).status_code == 302


def test_an_address_trying_many_user_names_is_locked_at_its_own_higher_limit(client, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    sprayer = "203.0.113.66"
    users = [AgencyStaffFactory() for _ in range(7)]
    for user in users[:5]:
        assert sign_in(client, user.username, "wrong password", sprayer).status_code == 200
    assert sign_in(client, users[5].username, "wrong password", sprayer).status_code == 429
    assert sign_in(client, users[6].username, PASSWORD, sprayer).status_code == 429
    assert sign_in(client, users[6].username, PASSWORD, "198.51.100.8").status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_address_lock(client, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 100
    settings.AXES_ADDRESS_FAILURE_LIMIT = 4
    users = [AgencyStaffFactory() for _ in range(5)]
    for n, user in enumerate(users[:3]):
        client.cookies.clear()
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.0.{n}"}
        response = client.post(
            reverse("login"),
            {"username": user.username, "password": "wrong password"},
            REMOTE_ADDR="203.0.113.9",
            **forged,
        )
        assert response.status_code == 200
    client.cookies.clear()
    locked = client.post(
        reverse("login"),
        {"username": users[3].username, "password": "wrong password"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert locked.status_code == 429


def test_behind_a_trusted_proxy_the_lock_and_the_audit_trail_take_the_appended_address(client, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    user = AgencyStaffFactory()
    client.post(
        reverse("login"),
        {"username": user.username, "password": "wrong password"},
        REMOTE_ADDR="10.1.1.1",
        HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.30",
    )
    assert AccessAttempt.objects.get(username=user.username).ip_address == "198.51.100.30"
