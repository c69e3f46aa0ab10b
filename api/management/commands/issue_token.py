"""Issue (or with --revoke, revoke) a user's API token: ``manage.py issue_token <username> [--revoke]``."""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from accounts.models import User


class Command(BaseCommand):
    help = "Issues an API token for a user and prints it, or revokes the user's token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Delete the user's token instead.")
        parser.add_argument("--rotate", action="store_true", help="Replace an existing token with a new one.")

    def handle(self, *args, username: str, revoke: bool, rotate: bool, **options) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            if not deleted:
                raise CommandError(f"{username} has no token to revoke.")
            self.stdout.write(f"Revoked the API token of {username}.")
            return
        if not user.is_active:
            raise CommandError(f"{username} is not active: no token issued.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if not created:
            self.stderr.write(f"{username} already has a token (use --rotate for a new one).")
        self.stdout.write(token.key)
