"""The people pages of DOJ credentialing administrators, through HTTP."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from common.models import AuditEntry
from tests.factories import AgencyStaffFactory, CertifierFactory, GrantOfficerFactory
from tests.mail import link_in

from .test_access import assert_strict_page

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_searches(as_user, world):
    client = as_user(world.doj_admin)
    GrantOfficerFactory(username="inactive", first_name="Ina", last_name="Active", is_active=False)
    page = client.get(reverse("person_list"))
    assert page.status_code == 200
    assert_strict_page(page.content.decode())
    assert b"othercertifier" in page.content and b"People" in page.content

    by_role = client.get(reverse("person_list"), {"role": Role.CERTIFIER}).content.decode()
    assert "othercertifier" in by_role and "otherstaff" not in by_role
    by_body = client.get(reverse("person_list"), {"credentialing_body": world.other_body.pk}).content.decode()
    assert "othercertifier" in by_body and ">certifier<" not in by_body
    by_ori = client.get(reverse("person_list"), {"ori": world.other_agency.ori.lower()}).content.decode()
    assert "otherstaff" in by_ori and ">staff<" not in by_ori
    inactive = client.get(reverse("person_list"), {"is_active": "false"}).content.decode()
    assert "inactive" in inactive and "othercertifier" not in inactive
    searched = client.get(reverse("person_list"), {"q": "ina act"}).content.decode()
    assert "inactive" in searched and "othercertifier" not in searched


def test_a_bad_filter_is_an_error_not_everyone(as_user, world):
    page = as_user(world.doj_admin).get(reverse("person_list"), {"credentialing_body": "999999"})
    assert page.status_code == 200
    assert b"usa-error-message" in page.content and b"Nobody matches" in page.content


def test_the_list_costs_the_same_queries_whatever_its_length(as_user, world, django_assert_num_queries):
    client = as_user(world.doj_admin)
    url = reverse("person_list")
    client.get(url)  # warm the session
    # + the device that verified the session, + the header's unread notification count
    with django_assert_num_queries(5 + 1 + 1) as few:
        client.get(url, {"role": Role.CERTIFIER})
    CertifierFactory.create_batch(30, credentialing_body=world.body)
    AgencyStaffFactory.create_batch(10, agency=world.other_agency)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url, {"role": Role.CERTIFIER})
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_create_sends_the_link_and_the_person_sets_a_password(client, world, smtp_server):
    client.force_login(world.doj_admin)
    response = client.post(
        reverse("person_create"),
        {
            "username": "newstaff",
            "first_name": "Nia",
            "last_name": "Newcomer",
            "email": "nia@example.gov",
            "role": Role.AGENCY_STAFF,
            "agency": world.agency.ori.lower(),
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    person = User.objects.get(username="newstaff")
    assert response.status_code == 302 and response["Location"] == reverse("person_detail", args=[person.pk])
    assert person.agency == world.agency and not person.is_staff and not person.is_superuser
    [mail] = smtp_server.messages

    client.logout()
    form = client.get(link_in(mail), follow=True)
    assert form.status_code == 200 and b"Choose your password" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Lakeside-evidence-2031", "new_password2": "Lakeside-evidence-2031"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    signed_in = client.post(reverse("login"), {"username": "newstaff", "password": "Lakeside-evidence-2031"})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("home")
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="user.password_set").exists()


def test_create_shows_the_rule_next_to_the_field(as_user, world):
    page = as_user(world.doj_admin).post(
        reverse("person_create"),
        {"username": "x", "email": "x@example.gov", "role": Role.CERTIFIER},
    )
    assert page.status_code == 200 and b"belongs to a credentialing body" in page.content
    assert not User.objects.filter(username="x").exists()


def test_change_role_of_another_person(as_user, world):
    client = as_user(world.doj_admin)
    url = reverse("person_role", args=[world.grant_officer.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"role": Role.CERTIFIER, "credentialing_body": world.body.pk, "reason": "Moved"}
    )
    assert response.status_code == 302
    world.grant_officer.refresh_from_db()
    assert world.grant_officer.role == Role.CERTIFIER
    detail = client.get(reverse("person_detail", args=[world.grant_officer.pk])).content.decode()
    assert "user.role_changed" in detail and "Moved" in detail


def test_nobody_changes_their_own_role_or_access_through_the_pages(as_user, world):
    client = as_user(world.doj_admin)
    own = world.doj_admin.pk
    form = client.post(
        reverse("person_role", args=[own]), {"role": Role.CERTIFIER, "credentialing_body": world.body.pk}
    )
    assert form.status_code == 403 and b"own" in form.content
    off = client.post(reverse("person_access", args=[own, "deactivate"]), {})
    assert off.status_code == 403
    world.doj_admin.refresh_from_db()
    assert world.doj_admin.role == Role.DOJ_ADMINISTRATOR and world.doj_admin.is_active
    detail = client.get(reverse("person_detail", args=[own])).content.decode()
    assert "This is your own account" in detail and reverse("person_role", args=[own]) not in detail
    assert not AuditEntry.objects.exists()


def test_deactivate_confirm_then_reactivate(as_user, client, world):
    admin = as_user(world.doj_admin)
    url = reverse("person_access", args=[world.certifier.pk, "deactivate"])
    confirm = admin.get(url)
    assert confirm.status_code == 200 and b"Confirm: deactivate" in confirm.content
    assert_strict_page(confirm.content.decode())
    assert admin.post(url, {"reason": "Left"}).status_code == 302
    world.certifier.refresh_from_db()
    assert not world.certifier.is_active
    again = admin.get(url)
    assert b"not possible" in again.content
    assert (
        admin.post(reverse("person_access", args=[world.certifier.pk, "reactivate"]), {}).status_code == 302
    )
    assert admin.get(reverse("person_access", args=[world.certifier.pk, "suspend"])).status_code == 404
    actions = set(
        AuditEntry.objects.filter(object_id=str(world.certifier.pk)).values_list("action", flat=True)
    )
    assert actions == {"user.deactivated", "user.reactivated"}


def test_a_deactivated_person_is_signed_out_at_once(client, world):
    from accounts.services import deactivate_user

    client.force_login(world.certifier)
    queue = reverse("review_queue") + "?status=submitted"
    assert client.get(queue).status_code == 200
    deactivate_user(actor=world.doj_admin, user=world.certifier)
    response = client.get(queue)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_send_a_set_password_link(as_user, world, smtp_server):
    client = as_user(world.doj_admin)
    url = reverse("person_send_link", args=[world.certifier.pk])
    assert b"Confirm: send a set-password link" in client.get(url).content
    assert client.post(url).status_code == 302
    [mail] = smtp_server.messages
    assert mail["To"] == world.certifier.email
    assert AuditEntry.objects.filter(action="user.set_password_link_sent").count() == 1


@pytest.mark.parametrize("who", ["staff", "certifier", "grant_officer"])
def test_other_roles_cannot_post_to_the_people_pages(as_user, world, who):
    client = as_user(getattr(world, who))
    target = world.other_certifier.pk
    for url, data in [
        (
            reverse("person_create"),
            {"username": "sneaky", "email": "s@example.gov", "role": "doj_administrator"},
        ),
        (reverse("person_role", args=[target]), {"role": "doj_administrator"}),
        (reverse("person_access", args=[target, "deactivate"]), {}),
        (reverse("person_send_link", args=[target]), {}),
    ]:
        assert client.post(url, data).status_code == 404
    assert not User.objects.filter(username="sneaky").exists()
    assert not AuditEntry.objects.exists()
