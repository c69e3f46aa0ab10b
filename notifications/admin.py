from django.contrib import admin

from common.admin_base import ReadOnlyModelAdmin

from .models import Bounce, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyModelAdmin):
    list_display = ("created_at", "recipient", "kind", "delivery", "attempts", "last_error")
    list_filter = ("delivery", "kind")


@admin.register(Bounce)
class BounceAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "user", "address", "code")
