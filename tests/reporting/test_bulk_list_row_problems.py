"""A long list with problems scattered through it: every problem named on its own row, counted by kind,
the same on the preview page and in the API, and the commit approves exactly the ready rows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from agencies.models import Agency, AgencyType
from credentialing.dates import today
from credentialing.models import CredentialApplication
from reporting.models import BulkListRow
from tests.api.conftest import token_client
from tests.factories import ApplicationFactory

from .helpers import csv_file

pytestmark = pytest.mark.django_db

ROWS = 2000


def _agencies(count: int) -> list[Agency]:
    return Agency.objects.bulk_create(
        Agency(
            ori=f"CA{n:07d}",
            ein=f"{n:09d}",
            name=f"Listed Town {n} Police",
            state="CA",
            agency_type=AgencyType.LOCAL_POLICE,
            city="Listed Town",
            county="Listed County",
            sworn_officers=20,
            head_name="Pat Example",
            head_title="Chief of Police",
        )
        for n in range(1, count + 1)
    )


def test_two_thousand_rows_with_fifteen_problems(client, certifier, django_assert_max_num_queries):
    agencies = _agencies(ROWS)
    ApplicationFactory(agency=agencies[1650], body=certifier.credentialing_body, approved=True)
    day = today() - timedelta(days=40)
    rows = [[a.ori, day.isoformat(), f"ACC-{i}"] for i, a in enumerate(agencies)]
    # Fifteen problems, each on a line of its own, spread through the list (row n is file line n + 2).
    problems = {
        12: (["", day.isoformat(), ""], "empty_ori"),
        380: (["   ", day.isoformat(), ""], "empty_ori"),
        1999: (["", day.isoformat(), "last"], "empty_ori"),
        95: ([None, "2025-13-45", ""], "not_a_date"),
        700: ([None, "31.12.2024", ""], "not_a_date"),
        1400: ([None, "", ""], "empty_date"),
        222: ([None, day.isoformat(), '=HYPERLINK("x")'], "formula"),
        1503: (["+CA0000001", day.isoformat(), ""], "formula"),
        640: ([None, f"{day:%m/%d/%Y}", ""], "mixed_date_format"),
        1777: ([None, f"{day:%m/%d/%Y}", ""], "mixed_date_format"),
        901: (["ZZ9999999", day.isoformat(), ""], "unknown_ori"),
        1202: ([agencies[5].ori, day.isoformat(), ""], "duplicate"),
        1650: ([None, day.isoformat(), ""], "already_credentialed"),
        333: ([None, (today() + timedelta(days=3)).isoformat(), ""], "future_date"),
        1888: ([None, "x" * 101, ""], "unreadable_cell"),
    }
    assert len(problems) == 15
    for index, (cells, _) in problems.items():
        rows[index] = [rows[index][0] if cells[0] is None else cells[0], cells[1], cells[2]]
    api = token_client(certifier)

    created = api.post(reverse("v1:bulk-list-list"), {"file": csv_file(rows)}, format="multipart")

    assert created.status_code == 201, created.content
    preview = created.json()
    counts = (preview["row_count"], preview["ready_count"], preview["refused_count"])
    assert counts == (2000, 1985, 15), preview["refused_by_kind"]
    expected: dict[str, int] = {}
    for _, kind in problems.values():
        expected[kind] = expected.get(kind, 0) + 1
    assert {k["kind"]: k["count"] for k in preview["refused_by_kind"]} == expected

    # The API's rows, refused only: all fifteen, each on its own line with its kind and a reason.
    refused = api.get(
        reverse("v1:bulk-list-rows", args=[preview["id"]]), {"verdict": "refused", "page_size": 100}
    ).json()
    assert refused["count"] == 15
    named = {r["line"]: r for r in refused["results"]}
    assert {line - 2: r["kind"] for line, r in named.items()} == {i: k for i, (_, k) in problems.items()}
    assert all(r["reason"] for r in refused["results"])
    assert named[14]["reason"] == "Row 14, column A (ORI) is empty."
    empty = api.get(reverse("v1:bulk-list-rows", args=[preview["id"]]), {"kind": "empty_ori"}).json()
    assert [r["line"] for r in empty["results"]] == [14, 382, 2001]
    bad_kind = api.get(reverse("v1:bulk-list-rows", args=[preview["id"]]), {"kind": "nonsense"})
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()["errors"]

    # The web preview says the same, counted by kind, each count a link to exactly its rows.
    client.force_login(certifier)
    page = client.get(reverse("bulk_list_detail", args=[preview["id"]]))
    text = page.content.decode()
    assert page.status_code == 200 and "Refused rows by kind of reason" in text
    assert 'data-kind="empty_ori">3</a>' in text and 'data-kind="mixed_date_format">2</a>' in text
    with django_assert_max_num_queries(12):
        only = client.get(reverse("bulk_list_detail", args=[preview["id"]]), {"kind": "formula"})
    assert "Row 224, column C (reference) holds a formula" in only.content.decode()
    assert "Row 1505, column A (ORI) holds a formula" in only.content.decode()

    download = client.get(reverse("bulk_list_rows_csv", args=[preview["id"]]))
    lines = b"".join(download.streaming_content).decode().splitlines()
    assert lines[0].endswith("Verdict,Kind of reason,Reason") and len(lines) == 2001
    assert lines[96].startswith("97,") and ",2025-13-45," in lines[96]
    assert ",Refused,Determination date not a date," in lines[96]

    committed = api.post(
        reverse("v1:bulk-list-commit", args=[preview["id"]]), {"accept_refusals": True}, format="json"
    )

    assert committed.status_code == 200, committed.content
    assert committed.json()["committed_count"] == 1985
    approved = CredentialApplication.objects.filter(status="approved").exclude(agency=agencies[1650])
    assert approved.count() == 1985
    refused_agencies = {agencies[i].pk for i, (cells, _) in problems.items() if cells[0] is None}
    assert not approved.filter(agency_id__in=refused_agencies).exists()
    assert BulkListRow.objects.filter(verdict="refused", application__isnull=False).count() == 0
    assert BulkListRow.objects.filter(verdict="ready", application__isnull=False).count() == 1985
