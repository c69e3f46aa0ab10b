from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .kinds import Kind


class Delivery(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    OPTED_OUT = "opted_out", "Not sent: the person turned these e-mails off"
    NO_ADDRESS = "no_address", "Not sent: no e-mail address"
    BOUNCED = "bounced", "Not sent: the address was refused"
    FAILED = "failed", "Not sent: the mail server refused the message"


class Notification(models.Model):
    """One thing one person is told: listed in the product and, through this same row (the outbox),
    e-mailed once. ``key`` names the event; with the recipient it is unique, so an event announced twice
    (a retry, a second worker, the nightly task run again) can never make a second notification."""

    # No index of its own: the inbox index and the unique (recipient, key) both begin with it, and a
    # national body's revocation writes a hundred thousand notices at once (one index fewer to keep).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    what_happened = models.TextField()
    why = models.TextField(blank=True)
    next_step = models.TextField(blank=True)
    link_path = models.CharField(max_length=300, blank=True)
    link_label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=16, choices=Delivery.choices, default=Delivery.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    emailed_to = models.EmailField(blank=True)
    # The request (or task) whose change made this notification: its e-mail and send log carry it too.
    request_id = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="one_notification_per_event_and_person"
            ),
            models.CheckConstraint(name="notification_kind_valid", condition=Q(kind__in=Kind.values)),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(
                fields=["next_attempt_at", "id"],
                name="notification_pending_idx",
                condition=Q(delivery="pending"),
            ),
            # Every page's header counts the reader's unread notices: only those, however many were read.
            models.Index(
                fields=["recipient"], name="notification_unread_idx", condition=Q(read_at__isnull=True)
            ),
            # The metrics count refused e-mail on every scrape: few rows, so a small partial index.
            models.Index(fields=["id"], name="notification_failed_idx", condition=Q(delivery="failed")),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.subject}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class OptOut(models.Model):
    """A person does not want e-mails of this (optional) kind."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} opted out of {self.kind}"


class Bounce(models.Model):
    """The mail server permanently refused an address: nothing more is sent to it until it changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address = models.EmailField()
    code = models.PositiveSmallIntegerField()
    response = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "address"], name="one_bounce_per_address")]

    def __str__(self) -> str:
        return f"{self.address} refused ({self.code})"
