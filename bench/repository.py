"""Times the national repository export on the database it is pointed at (run after
``generate_national_data --scale 1``): today's flags and a past day from the history, as CSV, XLSX and
JSON, through the same view the API serves. Prints rows, bytes and seconds."""

import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db.models import Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from agencies.models import Agency  # noqa: E402
from credentialing.dates import today  # noqa: E402
from grants.models import EligibilityChange  # noqa: E402


def main() -> None:
    officer = User.objects.filter(role=Role.GRANT_OFFICER, is_active=True).first()
    if officer is None:
        sys.exit("no grant officer: generate the national data first")
    client = Client()
    print(f"agencies in the registry: {Agency.objects.count():,}")
    from knox.models import AuthToken

    _, key = AuthToken.objects.create(user=officer)
    first = EligibilityChange.objects.aggregate(first=Min("changed_at"))["first"]
    past = max(today() - timedelta(days=30), timezone.localdate(first)) if first else today()
    print(f"history from {first:%Y-%m-%d}; past day probed: {past.isoformat()}")
    for label, day in (("today", None), (past.isoformat(), past)):
        for fmt in ("csv", "xlsx", "json"):
            query = f"?on={day.isoformat()}" if day else ""
            started = time.perf_counter()
            response = client.get(f"/api/v1/repository.{fmt}{query}", HTTP_AUTHORIZATION=f"Token {key}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            seconds = time.perf_counter() - started
            rows = body.count(b"\n") if fmt != "xlsx" else "-"
            print(
                f"{label:>10} {fmt:>4}: status {response.status_code}, {len(body):>10,} bytes, "
                f"lines {rows}, {seconds:6.2f} s"
            )


if __name__ == "__main__":
    main()
