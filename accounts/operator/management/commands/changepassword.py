"""Django's ``changepassword``, with the change on the record: the operator's door to a person's password
goes through the accounts service and its audit row, like every other door."""

import getpass

from django.contrib.auth.management.commands import changepassword
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts.models import User
from accounts.services import set_password_by_operator

MAX_TRIES = 3


def _ask(prompt: str) -> str:
    answer = getpass.getpass(prompt=prompt)
    if not answer:
        raise CommandError("aborted")
    return answer


class Command(changepassword.Command):
    help = "Set a person's password from the server (on the audit trail, their API tokens revoked)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--reason", default="", help="Why (kept in the audit trail).")

    def handle(self, *args, **options):
        username = options["username"]
        if not username:
            raise CommandError("Name the person whose password is to be set.")
        user = User.objects.using(options["database"]).filter(username=username).first()
        if user is None:
            raise CommandError(f"user '{username}' does not exist")
        self.stdout.write(f"Changing password for user '{user}'")
        for _ in range(MAX_TRIES):
            first = _ask("Password: ")
            if first != _ask("Password (again): "):
                self.stdout.write("Passwords do not match. Please try again.")
                continue
            try:
                validate_password(first, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            set_password_by_operator(user=user, password=first, reason=options["reason"])
            return f"Password changed successfully for user '{user}'"
        raise CommandError(f"Aborting password change for user '{user}' after {MAX_TRIES} attempts")
