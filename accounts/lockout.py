"""The sign-in lock-out: one limit per user name whatever the address, a higher one per address.

django-axes counts failures per group of ``AXES_LOCKOUT_PARAMETERS`` (here the user name, and the
address) and locks when the largest count reaches one failure limit: it has no limit per group. This
callable ``AXES_FAILURE_LIMIT`` gives both: the user-name limit once that user name has reached it,
else the address limit. So a user name is locked after ``AXES_USERNAME_FAILURE_LIMIT`` failures from
anywhere, and an address (a proxy many people share, say) only after ``AXES_ADDRESS_FAILURE_LIMIT``.
"""

from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt

    per_username = settings.AXES_USERNAME_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    if not username:
        return settings.AXES_ADDRESS_FAILURE_LIMIT
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )
    # Locked when the larger of the two counts reaches the limit returned: the user name's count has
    # reached its own limit, or (it has not) the address's count has reached the address limit.
    return per_username if failures >= per_username else settings.AXES_ADDRESS_FAILURE_LIMIT
