"""A 5,000-row list commits in a fixed number of statements, the same as a 10-row list, and quickly."""

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from credentialing.dates import today
from credentialing.models import CredentialApplication
from grants.models import RecomputeRequest
from reporting.services import commit_list, upload_list
from tests.factories import CertifierFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _agencies(prefix: str, count: int) -> list[Agency]:
    return Agency.objects.bulk_create(
        [
            Agency(
                ori=f"NY{prefix}{n:06d}",
                ein=f"{prefix}{n:08d}",
                name=f"Listed {prefix} {n} Police",
                agency_type="local_police",
                state="NY",
                city="Albany",
                county="Albany",
                sworn_officers=20,
                head_name="Pat Example",
                head_title="Chief",
            )
            for n in range(count)
        ]
    )


def _commit(certifier, agencies, name):
    day = (today() - timedelta(days=200)).isoformat()
    content = "ORI,determination date,reference\r\n" + "".join(f"{a.ori},{day},F{a.pk}\r\n" for a in agencies)
    file = SimpleUploadedFile(name, content.encode(), content_type="text/csv")
    started = time.perf_counter()
    result = upload_list(body=certifier.credentialing_body, actor=certifier, file=file, filename=name)
    uploaded = time.perf_counter() - started
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        commit_list(bulk_list=result.bulk_list, actor=certifier)
        committed = time.perf_counter() - started
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"{query['time']} s: {query['sql'][:160]}")
    return len(queries), uploaded, committed


def test_five_thousand_rows_commit_in_the_statements_of_ten(django_capture_on_commit_callbacks):
    certifier = CertifierFactory()
    small, _, _ = _commit(certifier, _agencies("1", 10), "small.csv")
    with django_capture_on_commit_callbacks() as callbacks:
        large, uploaded, committed = _commit(certifier, _agencies("2", 5000), "large.csv")
    assert large == small, f"{large} statements for 5,000 rows, {small} for 10"
    assert CredentialApplication.objects.filter(body=certifier.credentialing_body).count() == 5010
    assert len(callbacks) == 1, "one recompute fan-out, not a task per agency"
    assert RecomputeRequest.objects.count() >= 5000
    print(
        f"\n5,000-row list: upload and preview {uploaded:.2f} s, commit {committed:.2f} s, {large} statements"
    )
    assert committed < 30
