"""A person's own notifications: reading them, and which optional e-mails they receive."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from common.audit import record
from common.errors import NotFound, RuleViolation

from .kinds import BY_ROLE, Kind, is_optional
from .models import Notification, OptOut
from .signing import read_unsubscribe_token


def mark_read(*, user: User, notification_id: int) -> Notification:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().filter(pk=notification_id, recipient=user).first()
        )
        if notification is None:
            raise NotFound(f"Notification {notification_id} does not exist.")
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def _check_optional(user: User, kind: str) -> Kind:
    try:
        known = Kind(kind)
    except ValueError:
        raise RuleViolation(f"There are no notifications of the kind {kind!r}.", field="kind") from None
    if known not in BY_ROLE.get(user.role, ()):
        raise RuleViolation(f"{user.get_role_display()} users do not receive {known.label.lower()}.")
    if not is_optional(known):
        raise RuleViolation(
            f"E-mails about this cannot be turned off: “{known.label}” always needs your attention.",
            field="kind",
        )
    return known


def set_email_preferences(*, user: User, wanted: dict[str, bool]) -> None:
    """Turn optional e-mail kinds on (True) or off (False); required ones refuse to be turned off."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).exists()
        before = set(OptOut.objects.filter(user=user).values_list("kind", flat=True))
        after = set(before)
        for kind, on in wanted.items():
            if on and kind not in BY_ROLE.get(user.role, ()):
                continue
            known = _check_optional(user, kind) if not on else Kind(kind)
            if on:
                after.discard(known)
            else:
                after.add(known)
        if after == before:
            return
        OptOut.objects.filter(user=user, kind__in=before - after).delete()
        OptOut.objects.bulk_create([OptOut(user=user, kind=k) for k in sorted(after - before)])
        record(
            actor=user,
            action="notifications.preferences_changed",
            obj=user,
            before={"emails_off": sorted(before)},
            after={"emails_off": sorted(after)},
        )


def unsubscribe(*, token: str) -> tuple[User, Kind]:
    """The one-click link: no sign-in, the signature is the proof. Raises ``BadLink`` when altered."""
    user_id, kind = read_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFound("This unsubscribe link names nobody we know.")
    _check_optional(user, kind)
    try:
        with transaction.atomic():
            _, created = OptOut.objects.get_or_create(user=user, kind=kind)
            if created:
                record(
                    actor=None,
                    action="notifications.unsubscribed",
                    obj=user,
                    after={"emails_off": [kind.value]},
                    reason="one-click unsubscribe link",
                )
    except IntegrityError:
        pass  # the same link clicked twice at once: already off
    return user, kind
