"""A user's API tokens die with their password and with their account.

Hooked on the user's save so that every door that changes a password or deactivates an account (the
password-change page, a reset, the user-management service, ``manage.py changepassword``) revokes the
tokens too; ``accounts`` knows nothing of tokens.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User

from .tokens import revoke_tokens_of

_WATCHED = {"password", "is_active"}


@receiver(pre_save, sender=User, dispatch_uid="api.tokens.note_credential_change")
def note_credential_change(sender, instance: User, update_fields=None, **kwargs) -> None:
    instance._revoke_tokens_because = ""  # type: ignore[attr-defined]
    if instance.pk is None or (update_fields is not None and not _WATCHED & set(update_fields)):
        return  # a new user, or a save that touches neither (last_login on every sign-in)
    stored = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    if stored["is_active"] and not instance.is_active:
        instance._revoke_tokens_because = "account deactivated"  # type: ignore[attr-defined]
    elif stored["password"] != instance.password:
        instance._revoke_tokens_because = "password changed"  # type: ignore[attr-defined]


@receiver(post_save, sender=User, dispatch_uid="api.tokens.revoke_on_credential_change")
def revoke_on_credential_change(sender, instance: User, created: bool, **kwargs) -> None:
    reason = getattr(instance, "_revoke_tokens_because", "")
    if reason:
        instance._revoke_tokens_because = ""  # type: ignore[attr-defined]
        revoke_tokens_of(user=instance, actor=None, reason=reason)
