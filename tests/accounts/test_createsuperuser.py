"""``manage.py createsuperuser``, the only way to make a superuser: a DOJ credentialing administrator, on
the audit trail like every other new person, whether the command asks its questions or reads the
environment."""

import getpass

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from common.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-13929"


class Terminal:
    """A standard input that says it is a terminal, so the command asks its questions."""

    def isatty(self) -> bool:
        return True


def assert_valid_superuser(username: str, email: str) -> None:
    person = User.objects.get(username=username)
    assert person.is_superuser and person.is_staff and person.is_active
    assert person.role == Role.DOJ_ADMINISTRATOR
    assert person.agency_id is None and person.credentialing_body_id is None
    assert person.email == email and person.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="user.created", object_id=str(person.pk))
    assert entry.actor is None and "createsuperuser" in entry.reason
    assert entry.after["role"] == Role.DOJ_ADMINISTRATOR and entry.after["is_superuser"] is True
    assert entry.after["username"] == username and "password" not in entry.after


def test_noinput_reads_the_environment_and_makes_a_doj_administrator(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "root")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@justice.example.gov")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, verbosity=0)
    assert_valid_superuser("root", "root@justice.example.gov")


def test_the_questions_make_a_doj_administrator(monkeypatch):
    answers = iter(["operator", "operator@justice.example.gov"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": PASSWORD)
    call_command("createsuperuser", interactive=True, stdin=Terminal(), verbosity=0)
    assert_valid_superuser("operator", "operator@justice.example.gov")


def test_a_superuser_of_another_role_is_refused():
    with pytest.raises(ValueError, match="DOJ credentialing administrator"):
        User.objects.create_superuser("odd", "odd@example.gov", PASSWORD, role=Role.CERTIFIER)
    assert not User.objects.filter(username="odd").exists()
    assert not AuditEntry.objects.filter(action="user.created").exists()
