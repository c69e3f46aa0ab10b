"""An operator's way back in for a person who lost their phone and their recovery codes."""

from django.core.management.base import BaseCommand, CommandError

from accounts.mfa.services import reset_second_factor
from accounts.models import User
from common.errors import DomainError


class Command(BaseCommand):
    help = "Remove a person's authenticator app and recovery codes; they set up a new one at next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="Why (kept in the audit trail).")

    def handle(self, *args, username: str, reason: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            reset_second_factor(user=user, actor=None, reason=reason)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{username}: second factor removed; they set up a new one at their next sign-in.")
