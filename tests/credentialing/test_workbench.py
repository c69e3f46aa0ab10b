"""The certifier's workbench: assignment and internal notes, the body's own, on the web and the API."""

import pytest
from django.test import Client

from common.errors import NotFound, RuleViolation
from common.models import AuditEntry
from credentialing import services
from credentialing.models import InternalNote
from tests.api.conftest import token_client
from tests.factories import AgencyStaffFactory, ApplicationFactory, CertifierFactory

from ..notifications.helpers import text_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(body, certifier, agency, staff):
    colleague = CertifierFactory(credentialing_body=body, first_name="Robin", last_name="Colleague")
    apps = {
        "mine": ApplicationFactory(body=body, under_review=True),
        "theirs": ApplicationFactory(body=body, submitted=True),
        "open": ApplicationFactory(body=body, submitted=True),
        "returned": ApplicationFactory(body=body, returned=True),
        "agency_own": ApplicationFactory(agency=agency, body=body, created_by=staff, submitted=True),
        "elsewhere": ApplicationFactory(submitted=True),
    }
    services.assign_application(application=apps["mine"], actor=certifier, assignee=certifier)
    services.assign_application(application=apps["theirs"], actor=certifier, assignee=colleague)
    return {"colleague": colleague, **apps}


def refs(response) -> set[str]:
    return {row["reference"] for row in response.json()["results"]}


def test_assignment_is_audited_and_scoped_to_the_body(queue, certifier, staff, doj_admin):
    entry = AuditEntry.objects.filter(action="application.assigned", object_id=str(queue["mine"].pk)).get()
    assert entry.after == {"assigned_to": certifier.pk}
    with pytest.raises(RuleViolation):
        services.assign_application(application=queue["open"], actor=certifier, assignee=CertifierFactory())
    with pytest.raises(RuleViolation):
        services.assign_application(application=queue["open"], actor=certifier, assignee=staff)
    for outsider in (CertifierFactory(), staff, doj_admin):
        with pytest.raises(NotFound):
            services.assign_application(application=queue["open"], actor=outsider, assignee=None)
        with pytest.raises(NotFound):
            services.add_internal_note(application=queue["open"], actor=outsider, text="Hello")
    with pytest.raises(NotFound):
        services.assign_application(application=queue["elsewhere"], actor=certifier, assignee=certifier)


def test_queue_filters_agree_on_web_and_api(client, queue, certifier, django_assert_max_num_queries):
    api = token_client(certifier)
    mine = api.get("/api/v1/applications/?assigned=me&status=submitted&status=under_review&status=returned")
    assert refs(mine) == {queue["mine"].reference}
    unassigned = api.get("/api/v1/applications/?assigned=unassigned&lane=us")
    assert refs(unassigned) == {queue["open"].reference, queue["agency_own"].reference}
    agency_lane = api.get("/api/v1/applications/?lane=agency")
    assert refs(agency_lane) == {queue["returned"].reference}
    assert api.get("/api/v1/applications/?assigned=someone").status_code == 400
    assert api.get("/api/v1/applications/?lane=sideways").status_code == 400

    client.force_login(certifier)
    page = client.get("/queue/?assigned=unassigned&lane=us&status=submitted&status=under_review")
    html = page.content.decode()
    assert page.status_code == 200
    assert queue["open"].reference in html and queue["mine"].reference not in html
    everything = client.get("/queue/?status=submitted&status=under_review&status=returned")
    assert "Robin Colleague" in everything.content.decode()
    assert "Unassigned" in everything.content.decode()
    with django_assert_max_num_queries(20):
        client.get("/queue/?status=submitted&status=under_review&status=returned")


def test_agency_staff_never_see_the_workbench(client, queue, staff, certifier, smtp_server, commit_hooks):
    application = queue["agency_own"]
    services.assign_application(application=application, actor=certifier, assignee=certifier)
    services.add_internal_note(application=application, actor=certifier, text="Chief is hard to reach.")
    # The API: the filter is refused, the workbench does not exist, the application shows no assignee.
    api = token_client(staff)
    assert api.get("/api/v1/applications/?assigned=me").status_code == 400
    assert api.get(f"/api/v1/applications/{application.pk}/workbench/").status_code == 404
    assert (
        api.post(f"/api/v1/applications/{application.pk}/workbench/notes/", {"text": "x"}).status_code == 404
    )
    detail = api.get(f"/api/v1/applications/{application.pk}/").json()
    assert "assigned_to" not in detail and "Chief is hard to reach" not in str(detail)
    # The web page.
    client.force_login(staff)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert page.count("workbench") == 0 and "Chief is hard to reach" not in page
    assert client.post(f"/applications/{application.pk}/notes/", {"text": "x"}).status_code == 404
    assert client.post(f"/applications/{application.pk}/assign/", {"assignee": ""}).status_code == 404
    # The e-mails the agency receives afterwards.
    services.start_review(application=application, actor=certifier)
    with commit_hooks():
        services.return_application(application=application, actor=certifier, note="Send the signed page.")
    text = text_to(smtp_server, staff.email)
    assert "Send the signed page." in text
    assert "Chief is hard to reach" not in text and certifier.username not in text


def test_notes_on_the_web_and_the_api(client, queue, certifier):
    application = queue["open"]
    colleague = queue["colleague"]
    client.force_login(certifier)
    response = client.post(f"/applications/{application.pk}/notes/", {"text": "Policy PDF is a scan."})
    assert response.status_code == 302
    assert client.post(f"/applications/{application.pk}/notes/", {"text": "   "}).status_code == 400
    response = client.post(f"/applications/{application.pk}/assign/", {"assignee": colleague.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.assigned_to == colleague
    outsider = CertifierFactory()
    assert (
        client.post(f"/applications/{application.pk}/assign/", {"assignee": outsider.pk}).status_code == 400
    )

    api = token_client(colleague)
    bench = api.get(f"/api/v1/applications/{application.pk}/workbench/").json()
    assert bench["assigned_to"] == colleague.pk
    assert [n["text"] for n in bench["notes"]] == ["Policy PDF is a scan."]
    created = api.post(f"/api/v1/applications/{application.pk}/workbench/notes/", {"text": "Agreed."})
    assert created.status_code == 201
    refused = api.post(
        f"/api/v1/applications/{application.pk}/workbench/assign/", {"assignee": outsider.pk}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["field"] == "assignee"
    unassigned = api.post(
        f"/api/v1/applications/{application.pk}/workbench/assign/", {"assignee": None}, format="json"
    )
    assert unassigned.status_code == 200 and unassigned.json()["assigned_to"] is None
    assert InternalNote.objects.filter(application=application).count() == 2
    assert AuditEntry.objects.filter(action="application.internal_note_added").count() == 2
    # Another body's certifier: 404 on both.
    other = token_client(CertifierFactory())
    assert other.get(f"/api/v1/applications/{application.pk}/workbench/").status_code == 404
    stranger = Client()
    stranger.force_login(AgencyStaffFactory())
    assert stranger.post(f"/applications/{application.pk}/notes/", {"text": "x"}).status_code == 404
