"""People through the API: the same services, the same refusals, the same audit rows as the pages."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from common.models import AuditEntry
from tests.factories import BodyFactory, CertifierFactory, GrantOfficerFactory
from tests.mail import link_in

from .conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(doj_admin):
    return token_client(doj_admin)


def test_create_mails_a_link_and_refuses_fields_it_never_sets(api, body, smtp_server):
    url = reverse("v1:user-list")
    values = {"username": "apicert", "email": "api.cert@example.gov", "role": "certifier"}
    refused = api.post(url, {**values, "credentialing_body": body.pk, "is_superuser": True}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "is_superuser"
    refused = api.post(url, {**values, "password": "Chosen-by-the-admin-1"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "password"
    missing_body = api.post(url, values, format="json")
    assert missing_body.status_code == 400 and missing_body.json()["field"] == "credentialing_body"
    assert not User.objects.filter(username="apicert").exists() and smtp_server.messages == []

    created = api.post(url, {**values, "credentialing_body": body.pk}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["organisation"] == body.name and "password" not in created.json()
    person = User.objects.get(username="apicert")
    assert not person.is_staff and not person.is_superuser and not person.has_usable_password()
    [mail] = smtp_server.messages
    assert "/accounts/password/set/" in link_in(mail)


def test_patch_keeps_the_organisation_while_the_role_stays(api, certifier, body):
    other_body = BodyFactory()
    url = reverse("v1:user-detail", args=[certifier.pk])
    moved = api.patch(url, {"credentialing_body": other_body.pk, "reason": "Transfer"}, format="json")
    assert moved.status_code == 200 and moved.json()["credentialing_body"] == other_body.pk
    promoted = api.patch(url, {"role": "grant_officer"}, format="json")
    assert promoted.status_code == 200
    assert promoted.json()["credentialing_body"] is None and promoted.json()["role"] == "grant_officer"
    staff_without_agency = api.patch(url, {"role": "agency_staff"}, format="json")
    assert staff_without_agency.status_code == 400 and staff_without_agency.json()["field"] == "agency"
    changes = AuditEntry.objects.filter(object_id=str(certifier.pk), action="user.role_changed")
    assert changes.count() == 2
    assert changes.filter(reason="Transfer").exists()


def test_nobody_changes_their_own_role_or_deactivates_themselves(api, doj_admin, body):
    own = reverse("v1:user-detail", args=[doj_admin.pk])
    for response in (
        api.patch(own, {"role": "certifier", "credentialing_body": body.pk}, format="json"),
        api.post(reverse("v1:user-deactivate", args=[doj_admin.pk]), {}, format="json"),
    ):
        assert response.status_code == 403 and "own" in response.json()["detail"]
    doj_admin.refresh_from_db()
    assert doj_admin.role == Role.DOJ_ADMINISTRATOR and doj_admin.is_active
    assert not AuditEntry.objects.exists()


def test_deactivation_stops_the_persons_token_at_once(api, certifier):
    theirs = token_client(certifier)
    assert theirs.get(reverse("v1:me")).status_code == 200
    off = api.post(reverse("v1:user-deactivate", args=[certifier.pk]), {"reason": "Left"}, format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert theirs.get(reverse("v1:me")).status_code == 401
    again = api.post(reverse("v1:user-deactivate", args=[certifier.pk]), {}, format="json")
    assert again.status_code == 409
    on = api.post(reverse("v1:user-reactivate", args=[certifier.pk]), {}, format="json")
    assert on.status_code == 200 and on.json()["is_active"] is True
    assert set(AuditEntry.objects.filter(object_id=str(certifier.pk)).values_list("action", flat=True)) == {
        "user.deactivated",
        "user.reactivated",
    }


def test_send_a_set_password_link(api, certifier, smtp_server):
    sent = api.post(reverse("v1:user-send-set-password-link", args=[certifier.pk]))
    assert sent.status_code == 200
    [mail] = smtp_server.messages
    assert mail["To"] == certifier.email
    assert AuditEntry.objects.filter(
        action="user.set_password_link_sent", object_id=str(certifier.pk)
    ).exists()


def test_the_list_filters_like_the_page(api, world):
    url = reverse("v1:user-list")
    GrantOfficerFactory(username="gone", is_active=False)
    names = lambda response: {row["username"] for row in response.json()["results"]}  # noqa: E731
    assert names(api.get(url, {"role": "certifier"})) == {"certifier"}
    assert "gone" in names(api.get(url, {"is_active": "false"}))
    assert names(api.get(url, {"q": "staf"})) == {"staff"}
    assert names(api.get(url, {"credentialing_body": world.objects["body"][0].pk})) == {"certifier"}
    assert api.get(url, {"credentialing_body": "99999999999999"}).status_code == 400
    assert api.get(url, {"role": "root"}).status_code == 400


def test_the_list_costs_the_same_queries_whatever_its_length(api, body, django_assert_num_queries):
    url = reverse("v1:user-list")
    # knox's token lookup (two statements), the count, the page
    with django_assert_num_queries(4) as few:
        api.get(url)
    CertifierFactory.create_batch(25, credentialing_body=body)
    with django_assert_num_queries(len(few.captured_queries)):
        api.get(url)
