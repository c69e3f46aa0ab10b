"""The code a demo user's authenticator app would show now: the second sign-in step without a phone."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.mfa.selectors import authenticator, usable_code
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo user (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to print sign-in codes while DEBUG is off.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.email.endswith("@demo.invalid"):
            raise CommandError(f"{username!r} is not a demo user.")
        device = authenticator(user)
        if device is None:
            raise CommandError(f"{username!r} has no authenticator app set up.")
        self.stdout.write(usable_code(device))
