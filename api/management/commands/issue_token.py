"""Issue (``--rotate``: replacing the others; ``--revoke``: revoke) a user's API tokens.

``manage.py issue_token <username> [--rotate | --revoke]``. The key is printed once: only its hash is kept.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from common.errors import DomainError

from ...tokens import issue_token, revoke_tokens_of, tokens_of


class Command(BaseCommand):
    help = "Issues an API token for a user and prints its key once, or revokes the user's tokens."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Revoke every token of the user instead.")
        parser.add_argument("--rotate", action="store_true", help="Revoke the user's tokens, then issue one.")

    def handle(self, *args, username: str, revoke: bool, rotate: bool, **options) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if revoke:
            if not revoke_tokens_of(user=user, actor=None, reason="revoked with manage.py issue_token"):
                raise CommandError(f"{username} has no token to revoke.")
            self.stdout.write(f"Revoked the API tokens of {username}.")
            return
        if rotate:
            revoke_tokens_of(user=user, actor=None, reason="rotated with manage.py issue_token")
        others = tokens_of(user).count()
        try:
            token, key = issue_token(user=user, actor=None)
        except DomainError as error:
            raise CommandError(error.message) from None
        if others:
            self.stderr.write(f"{username} has {others} other valid token(s) (use --rotate to revoke them).")
        self.stderr.write(
            f"Token {token.token_key}… expires {token.expiry:%Y-%m-%d}. Its key, shown only now:"
        )
        self.stdout.write(key)
