"""API tokens: issued (the key shown once), listed by prefix, revoked. Stored hashed by knox.

A token lives ``API_TOKEN_TTL_DAYS`` (knox's ``TOKEN_TTL``); it dies with its owner's password or account.
Every issue and revocation is on the audit trail, keyed by the token's prefix (never the key).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import User
from common.audit import record
from common.errors import NotFound, RuleViolation


def _audit(token: AuthToken, *, owner: User, actor: User | None, action: str, reason: str = "") -> None:
    record(
        actor=actor,
        action=action,
        object_type="knox.authtoken",
        object_id=token.token_key,
        object_label=f"API token {token.token_key}… of {owner.username}",
        after={"user": owner.pk, "prefix": token.token_key, "expiry": token.expiry},
        reason=reason,
    )


def tokens_of(user: User) -> QuerySet[AuthToken]:
    """The user's tokens that still work, newest first."""
    now = timezone.now()
    return AuthToken.objects.filter(user=user, expiry__gt=now).order_by("-created", "token_key")


def issue_token(*, user: User, actor: User | None) -> tuple[AuthToken, str]:
    """A new token for ``user``; returns the row and the full key, which is never stored or shown again."""
    if not user.is_active:
        raise RuleViolation(f"{user.username} is not active: no token issued.")
    with transaction.atomic():
        token, key = AuthToken.objects.create(user=user)
        _audit(token, owner=user, actor=actor, action="token.issued")
    return token, key


def revoke_token(*, user: User, prefix: str, actor: User | None) -> None:
    """Revoke one of ``user``'s tokens, named by its prefix (the first characters of the key)."""
    with transaction.atomic():
        tokens = list(AuthToken.objects.select_for_update().filter(user=user, token_key=prefix))
        if not tokens:
            raise NotFound("You have no token with that prefix.")
        for token in tokens:
            _audit(token, owner=user, actor=actor, action="token.revoked")
        AuthToken.objects.filter(user=user, token_key=prefix).delete()


def revoke_tokens_of(*, user: User, actor: User | None, reason: str) -> int:
    """Revoke every token of ``user`` (password changed, account deactivated, rotation); how many."""
    with transaction.atomic():
        tokens = list(AuthToken.objects.select_for_update().filter(user=user))
        for token in tokens:
            _audit(token, owner=user, actor=actor, action="token.revoked", reason=reason)
        AuthToken.objects.filter(user=user).delete()
    return len(tokens)
