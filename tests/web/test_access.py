"""The access table of the web interface: complete, enforced, and anonymous callers sent to sign in."""

import re
from datetime import date

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from accounts.mfa.selectors import usable_code
from accounts.models import Role
from tests.mfa import give_authenticator
from web import urls as web_urls
from web.access import PUBLIC, URL_ACCESS

pytestmark = pytest.mark.django_db

URL_NAMES = sorted(p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern) and p.name)


def test_every_url_name_is_in_the_access_table():
    missing = set(URL_NAMES) - set(URL_ACCESS)
    assert not missing, f"add these URL names to web.access.URL_ACCESS: {sorted(missing)}"
    assert not set(URL_ACCESS) - set(URL_NAMES), "the access table names URLs that do not exist"


def assert_strict_page(html):
    """No inline script or style (the Content-Security-Policy forbids them) and CSRF on every form."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert "<style" not in html and not re.search(r"\sstyle=", html), "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert html.count('method="post"') == html.count('name="csrfmiddlewaretoken"')


def _reporting(w):
    """A list and a submitted annual report of the certifier's body (made once per world)."""
    from reporting.models import AnnualReport, BulkList

    certifier = w.certifier
    bulk_list, _ = BulkList.objects.get_or_create(
        body_id=certifier.credentialing_body_id,
        sha256="0" * 64,
        defaults={
            "name": "list",
            "file": "lists/x.csv",
            "original_name": "x.csv",
            "content_type": "text/csv",
            "size_bytes": 1,
            "uploaded_by": certifier,
        },
    )
    report, _ = AnnualReport.objects.get_or_create(
        body_id=certifier.credentialing_body_id,
        year=2025,
        defaults={"as_of": "2025-01-31", "submitted_by": certifier},
    )
    return bulk_list, report


def _sec3(w):
    """A record of the staff member's agency with one document, and a zero report (made once per world)."""
    from records.models import QuarterlyReport, UseOfForceRecord
    from records.quarters import last_complete
    from records.services.records import attach_record_document, create_record
    from records.services.reports import submit_report
    from tests.factories import pdf_upload

    record = UseOfForceRecord.objects.filter(agency=w.agency).first()
    if record is None:
        record = create_record(
            actor=w.staff,
            agency=w.agency,
            officer_name="Jordan Smith",
            date_of_birth=date(1980, 1, 2),
            kind="termination",
            action_date=date(2025, 2, 10),
            process_status="final",
        )
        attach_record_document(actor=w.staff, record=record, upload=pdf_upload())
    report = QuarterlyReport.objects.filter(agency=w.agency).first() or submit_report(
        actor=w.staff,
        agency=w.agency,
        quarter=last_complete(timezone.localdate()),
        zero=True,
        signed_by_name="Pat Example",
        signed_by_title="Chief",
    )
    return record, record.documents.get(), report


def _sec4(w):
    """A Sec. 4 program of the staff member's agency (made once per world)."""
    from community.models import SupportProgram
    from tests.factories import sec4_program

    return SupportProgram.objects.filter(agency=w.agency).first() or sec4_program(actor=w.staff)


def url_kwargs(name, role, w):
    """Arguments that point at something inside the scope of ``role`` when it may use the page."""
    app = w.under_review if role == Role.CERTIFIER else w.submitted
    table = {
        "application_edit": {"pk": w.draft.pk},
        "document_upload": {"pk": w.draft.pk},
        "application_evidence": {"pk": w.draft.pk},
        "application_attestations": {"pk": w.draft.pk},
        "application_review": {"pk": w.draft.pk},
        "application_detail": {"pk": w.under_review.pk if role != Role.AGENCY_STAFF else w.submitted.pk},
        "application_action": {
            "pk": app.pk,
            "action": "deny" if role == Role.CERTIFIER else "withdraw",
        },
        "document_download": {"pk": w.document.pk},
        "finding_record": {"pk": w.under_review.pk, "standard_pk": w.mandatory[0].pk},
        "findings_record": {"pk": w.under_review.pk},
        "application_assign": {"pk": w.under_review.pk},
        "application_note": {"pk": w.under_review.pk},
        "body_certification": {"pk": w.body.pk, "action": "suspend"},
        "body_edit": {"pk": w.body.pk},
        "body_detail": {"pk": w.body.pk},
        "standard_edit": {"pk": w.mandatory[0].pk},
        "standard_change": {"pk": w.discretionary.pk, "action": "retire"},
        "program_edit": {"pk": w.program.pk},
        "agency_detail": {"pk": w.agency.pk},
        "agency_edit": {"pk": w.agency.pk},
        "program_applicants": {"pk": w.program.pk},
        "program_dashboard": {"pk": w.program.pk},
        "program_applicants_csv": {"pk": w.program.pk},
        "program_applicants_xlsx": {"pk": w.program.pk},
        "applicant_add": {"pk": w.program.pk},
        "applicant_import": {"pk": w.program.pk},
        "person_detail": {"pk": w.certifier.pk},
        "person_role": {"pk": w.certifier.pk},
        "person_access": {"pk": w.certifier.pk, "action": "deactivate"},
        "person_send_link": {"pk": w.certifier.pk},
    }
    if name in ("bulk_list_detail", "bulk_list_rows_csv"):
        return {"pk": _reporting(w)[0].pk}
    if name == "annual_report_detail":
        return {"year": 2025}
    if name == "annual_report_download":
        return {"body_pk": _reporting(w)[1].body_id, "year": 2025, "fmt": "csv"}
    if name in ("sec3_record", "sec3_record_revise", "sec3_record_attach", "sec3_record_correct"):
        return {"pk": _sec3(w)[0].pk}
    if name == "sec3_record_document":
        return {"pk": _sec3(w)[1].pk}
    if name == "sec3_report_amend":
        return {"pk": _sec3(w)[2].pk}
    if name in ("sec4_program", "sec4_program_edit", "sec4_figures_file"):
        return {"pk": _sec4(w).pk}
    if name in ("repository_export", "annual_report_overview_download"):
        return {"fmt": "csv"}
    if name == "document_download" and role == Role.AGENCY_STAFF:
        return {"pk": w.draft.documents.first().pk}
    return table.get(name, {})


@pytest.mark.parametrize("name", [n for n in URL_NAMES if URL_ACCESS[n] != PUBLIC])
def test_anonymous_callers_are_sent_to_sign_in(client, world, name):
    url = reverse(name, kwargs=url_kwargs(name, Role.GRANT_OFFICER, world))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", [n for n in URL_NAMES if URL_ACCESS[n] != PUBLIC])
def test_each_role_reaches_exactly_its_pages(client, world, role, name):
    client.force_login(world.users[role])
    response = client.get(reverse(name, kwargs=url_kwargs(name, role, world)))
    if role in URL_ACCESS[name]:
        assert response.status_code in (200, 302), (name, role, response.status_code)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert_strict_page(response.content.decode())
    else:
        assert response.status_code == 404, (name, role, response.status_code)


def test_home_is_each_roles_own_page(client, world):
    """Agency staff's home is their agency's dashboard; every other role has a home of its own."""
    client.force_login(world.users[Role.AGENCY_STAFF])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("agency_dashboard")
    headings = {
        Role.CERTIFIER: "What needs you now",
        Role.DOJ_ADMINISTRATOR: "What needs you now",
        Role.GRANT_OFFICER: "Grant programs open for applications",
    }
    for role, heading in headings.items():
        client.force_login(world.users[role])
        response = client.get(reverse("home"))
        assert response.status_code == 200 and f"<h1>{heading}</h1>" in response.content.decode()


def test_logout_needs_post_and_signs_out(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("agency_dashboard")).status_code == 302


def test_sign_in_through_the_login_page_lands_on_the_role_home(client, world):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b"usa-form" in page.content
    assert_strict_page(page.content.decode())
    device = give_authenticator(world.certifier)
    response = client.post(
        reverse("login"), {"username": "certifier", "password": "correct-horse-battery-1"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_verify"))
    assert_strict_page(response.content.decode())
    response = client.post(response.redirect_chain[-1][0], {"code": usable_code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert b"Reviews waiting on the body" in response.content


def test_wrong_password_shows_an_error_not_a_crash(client, world):
    response = client.post(reverse("login"), {"username": "certifier", "password": "nope"})
    assert response.status_code == 200
    assert b"usa-alert--error" in response.content


class TestOutOfScopeIsNotFound:
    def test_staff_cannot_open_another_agencys_application(self, as_user, world):
        client = as_user(world.staff)
        for name in ("application_detail", "application_edit", "document_upload"):
            assert client.get(reverse(name, args=[world.other_draft.pk])).status_code == 404
        url = reverse("application_action", args=[world.other_draft.pk, "withdraw"])
        assert client.post(url).status_code == 404

    def test_certifier_cannot_open_another_bodys_application(self, as_user, world):
        client = as_user(world.other_certifier)
        assert client.get(reverse("application_detail", args=[world.under_review.pk])).status_code == 404
        url = reverse("finding_record", args=[world.under_review.pk, world.mandatory[0].pk])
        assert client.post(url, {}).status_code == 404
        assert client.post(reverse("findings_record", args=[world.under_review.pk]), {}).status_code == 404

    def test_certifier_never_sees_drafts(self, as_user, world):
        client = as_user(world.certifier)
        assert client.get(reverse("application_detail", args=[world.draft.pk])).status_code == 404
        assert world.draft.reference not in client.get(reverse("review_queue")).content.decode()

    def test_outsiders_cannot_download_documents(self, as_user, world):
        url = reverse("document_download", args=[world.document.pk])
        assert as_user(world.staff).get(url).status_code == 404
        assert as_user(world.other_certifier).get(url).status_code == 404
        own_draft_doc = world.draft.documents.first()
        assert (
            as_user(world.certifier).get(reverse("document_download", args=[own_draft_doc.pk])).status_code
            == 404
        )
        assert (
            as_user(world.other_staff).get(reverse("document_download", args=[own_draft_doc.pk])).status_code
            == 404
        )

    def test_staff_cannot_act_as_certifier(self, as_user, world):
        client = as_user(world.staff)
        url = reverse("application_action", args=[world.submitted.pk, "start_review"])
        assert client.post(url).status_code == 404
