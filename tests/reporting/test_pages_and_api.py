"""The bulk list through the web pages and the API: the same preview and the same commit."""

import pytest
from django.urls import reverse

from credentialing.dates import today
from credentialing.models import CredentialApplication
from reporting.models import BulkList
from tests.api.conftest import token_client
from tests.factories import AgencyFactory, CertifierFactory

from .helpers import csv_file, xlsx_file

pytestmark = pytest.mark.django_db


def test_web_preview_then_commit(client, certifier):
    ready = AgencyFactory(state="CA", name="Ready Town Police")
    client.force_login(certifier)
    page = client.get(reverse("bulk_lists"))
    assert page.status_code == 200 and b"Upload and preview" in page.content
    file = csv_file([[ready.ori, today().isoformat(), "F-1"], ["ZZ0000000", today().isoformat(), ""]])
    response = client.post(reverse("bulk_lists"), {"file": file, "name": "Web list"})
    bulk_list = BulkList.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "bulk_list_detail", args=[bulk_list.pk]
    )
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "Ready Town Police" in text and "Unknown ORI: no agency has the ORI ZZ0000000." in text
    assert "<strong>1</strong> refused" in text
    refused = client.post(response["Location"], {})
    assert refused.status_code == 400 and "Confirm that only the 1 ready rows" in refused.content.decode()
    done = client.post(response["Location"], {"accept_refusals": "on"}, follow=True)
    assert "1 agency approved" in done.content.decode()
    assert CredentialApplication.objects.filter(agency=ready, status="approved").count() == 1
    again = client.post(response["Location"], {"accept_refusals": "on"})
    assert again.status_code == 409 and "already committed" in again.content.decode()


def test_web_bad_file_is_a_form_error(client, certifier):
    client.force_login(certifier)
    bad = csv_file([["x", "2025-01-01"]], header=("agency", "date"))
    response = client.post(reverse("bulk_lists"), {"file": bad})
    assert response.status_code == 400 and "there is no ORI column" in response.content.decode()
    assert not BulkList.objects.exists()


def test_another_body_list_is_a_404(client, certifier):
    other = CertifierFactory()
    agency = AgencyFactory()
    file = csv_file([[agency.ori, today().isoformat(), ""]])
    from reporting.services import upload_list

    result = upload_list(body=other.credentialing_body, actor=other, file=file, filename=file.name)
    client.force_login(certifier)
    assert client.get(reverse("bulk_list_detail", args=[result.bulk_list.pk])).status_code == 404
    assert client.post(reverse("bulk_list_detail", args=[result.bulk_list.pk]), {}).status_code == 404


def test_api_upload_rows_and_commit(certifier):
    agencies = [AgencyFactory(state="NY") for _ in range(3)]
    api = token_client(certifier)
    file = xlsx_file([[a.ori, today(), ""] for a in agencies])
    created = api.post(reverse("v1:bulk-list-list"), {"file": file}, format="multipart")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["row_count"], body["ready_count"], body["refused_count"]) == (3, 3, 0)
    again = api.post(
        reverse("v1:bulk-list-list"),
        {"file": xlsx_file([[a.ori, today(), ""] for a in agencies])},
        format="multipart",
    )
    # openpyxl stamps the time into the workbook: a second save can differ; the same bytes must not.
    assert again.status_code in (200, 201)
    rows = api.get(reverse("v1:bulk-list-rows", args=[body["id"]])).json()
    assert [r["verdict"] for r in rows["results"]] == ["ready"] * 3
    committed = api.post(reverse("v1:bulk-list-commit", args=[body["id"]]), {}, format="json")
    assert committed.status_code == 200 and committed.json()["committed_count"] == 3
    twice = api.post(reverse("v1:bulk-list-commit", args=[body["id"]]), {}, format="json")
    assert twice.status_code == 409 and "already committed" in twice.json()["detail"]


def test_api_same_bytes_twice_is_200_and_changes_nothing(certifier):
    agency = AgencyFactory()
    api = token_client(certifier)
    rows = [[agency.ori, today().isoformat(), ""]]
    assert (
        api.post(reverse("v1:bulk-list-list"), {"file": csv_file(rows)}, format="multipart").status_code
        == 201
    )
    repeat = api.post(reverse("v1:bulk-list-list"), {"file": csv_file(rows)}, format="multipart")
    assert repeat.status_code == 200 and BulkList.objects.count() == 1


def test_api_file_that_is_no_table_is_400_and_a_bad_row_is_a_refused_row(certifier):
    api = token_client(certifier)
    no_table = csv_file([["x", "2025-01-01"]], header=("agency", "date"))
    response = api.post(reverse("v1:bulk-list-list"), {"file": no_table}, format="multipart")
    assert response.status_code == 400 and "there is no ORI column" in str(response.json())
    bad = csv_file([["CA0000100", "2025-01-01", "@SUM(A1)"]])
    response = api.post(reverse("v1:bulk-list-list"), {"file": bad}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["refused_by_kind"] == [
        {"kind": "formula", "label": "A cell holds a formula", "count": 1}
    ]
    rows = api.get(reverse("v1:bulk-list-rows", args=[response.json()["id"]])).json()["results"]
    assert rows[0]["kind"] == "formula"
    assert rows[0]["reason"] == "Row 2, column C (reference) holds a formula: enter the value itself."
