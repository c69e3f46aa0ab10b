"""Demo users of the roles that need a second factor can pass it: a printed key and a code command."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.mfa import selectors, services
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_certifiers_and_doj_users_are_enrolled_and_their_code_command_passes(capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    printed = capsys.readouterr().out
    for username in ("certifier", "doj.admin", "grant.officer"):
        user = User.objects.get(username=username)
        device = selectors.authenticator(user)
        assert device is not None
        assert selectors.secret_for_manual_entry(device) in printed
        assert f"demo_totp {username}" in printed
        call_command("demo_totp", username)
        code = capsys.readouterr().out.strip()
        assert services.check_code(user=user, code=code).passed
    assert selectors.authenticator(User.objects.get(username="riverbend")) is None


def test_the_code_command_refuses_when_debug_is_off(settings, certifier):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", certifier.username)


def test_the_code_command_is_for_demo_users_only(settings, certifier):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_totp", certifier.username)
