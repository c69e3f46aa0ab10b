"""Reads of notifications: a person's own list and unread count, and what mail is stuck."""

from django.db import connections, router
from django.db.models import Count, Q, QuerySet

from accounts.models import User

from .models import Bounce, Delivery, Notification


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


# Read on every page of a signed-in person (the header), where building the ORM query cost more than
# running it; the partial index ``notification_unread_idx`` answers it from the unread rows alone.
_UNREAD_COUNT = (
    f"SELECT count(*) FROM {Notification._meta.db_table} WHERE recipient_id = %s AND read_at IS NULL"  # noqa: S608
)


def unread_count(user: User) -> int:
    with connections[router.db_for_read(Notification)].cursor() as cursor:
        cursor.execute(_UNREAD_COUNT, [user.pk])
        return cursor.fetchone()[0]


def undelivered() -> QuerySet[Notification]:
    """E-mail still waiting (the mail server down or refusing) or refused for good, oldest first."""
    return (
        Notification.objects.filter(delivery__in=[Delivery.PENDING, Delivery.BOUNCED, Delivery.FAILED])
        .select_related("recipient")
        .order_by("created_at", "id")
    )


def delivery_summary() -> dict[str, int]:
    totals = Notification.objects.aggregate(
        pending=Count("id", filter=Q(delivery=Delivery.PENDING)),
        bounced=Count("id", filter=Q(delivery=Delivery.BOUNCED)),
        failed=Count("id", filter=Q(delivery=Delivery.FAILED)),
    )
    return {name: value or 0 for name, value in totals.items()}


def bounces_of(user: User) -> list[Bounce]:
    return list(Bounce.objects.filter(user=user))


def pending_of(user: User) -> int:
    return Notification.objects.filter(recipient=user, delivery=Delivery.PENDING).count()


def mail_queue() -> dict[str, int]:
    """E-mail waiting to go and e-mail the server refused for good, for the metrics. Two counts, each
    on its partial index, so that the scrape costs the same whatever the table's size."""
    return {
        "waiting": Notification.objects.filter(delivery=Delivery.PENDING).count(),
        "failed": Notification.objects.filter(delivery=Delivery.FAILED).count(),
    }
