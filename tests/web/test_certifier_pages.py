"""Certifier pages: the queue with filters and sorting, findings, and exactly the allowed actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from common.humanize import human_date
from credentialing import services
from credentialing.dates import add_months, earliest_determination
from credentialing.models import Finding
from credentialing.states import ApplicationStatus
from tests.factories import AgencyFactory, ApplicationFactory

pytestmark = pytest.mark.django_db


def test_queue_lists_active_applications_oldest_first(as_user, world):
    older = ApplicationFactory(
        body=world.body, submitted=True, status_changed_at=timezone.now() - timedelta(days=9)
    )
    ApplicationFactory(body=world.body, approved=True)
    content = as_user(world.certifier).get(reverse("review_queue"), follow=True).content.decode()
    assert content.index(older.reference) < content.index(world.under_review.reference)
    assert "Approved" not in content.split("<tbody>")[1]
    assert world.submitted.reference not in content  # addressed to another body


def test_queue_shows_days_waiting_and_whose_turn(as_user, world):
    returned = ApplicationFactory(
        body=world.body, returned=True, status_changed_at=timezone.now() - timedelta(days=12)
    )
    waiting = ApplicationFactory(
        body=world.body, submitted=True, status_changed_at=timezone.now() - timedelta(days=5)
    )
    content = as_user(world.certifier).get(reverse("review_queue"), follow=True).content.decode()
    assert "Days waiting" in content and "Whose turn" in content
    rows = {row.split("</th>")[0]: row for row in content.split("<tbody>")[1].split('<tr><th scope="row"')}
    returned_row = next(row for key, row in rows.items() if returned.reference in key)
    waiting_row = next(row for key, row in rows.items() if waiting.reference in key)
    assert '<td data-label="Days waiting">12</td>' in returned_row
    assert "Waiting on the agency" in returned_row
    assert '<td data-label="Days waiting">5</td>' in waiting_row and "Waiting on us" in waiting_row


def test_queue_filters_by_status_and_state(as_user, world):
    approved = ApplicationFactory(
        body=world.body, approved=True, agency=AgencyFactory(state="NY", ori="NY0000001")
    )
    client = as_user(world.certifier)
    content = client.get(reverse("review_queue"), {"status": ["approved"]}).content.decode()
    assert approved.reference in content and world.under_review.reference not in content
    content = client.get(
        reverse("review_queue"), {"status": ["approved", "under_review"], "state": "TX"}
    ).content.decode()
    assert world.under_review.reference in content and approved.reference not in content
    content = client.get(reverse("review_queue"), {"ordering": "-waiting"}, follow=True).content.decode()
    assert world.under_review.reference in content


def test_review_journey_findings_then_approve(as_user, world):
    client = as_user(world.certifier)
    app = ApplicationFactory(body=world.body, submitted=True)
    page = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Start review" in page and "Approve" not in page
    client.post(reverse("application_action", args=[app.pk, "start_review"]))
    app.refresh_from_db()
    assert app.status == ApplicationStatus.UNDER_REVIEW
    page = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Approval needs both minimum standards found met" in page
    # Approve stays focusable: a link marked disabled, its reason tied to it and the link's target.
    assert (
        '<a class="usa-button" href="#approve-needs" aria-disabled="true" '
        'aria-describedby="approve-needs">Approve</a>' in page
    )
    assert 'id="approve-needs" tabindex="-1"' in page
    assert " disabled" not in page.split("Approve</a>")[0].rsplit("<p>", 1)[1]
    assert reverse("application_action", args=[app.pk, "approve"]) not in page
    total = len(services.standards_reviewed_by(world.body.pk))
    assert f"0 of {total} recorded." in page
    # One form, one submit: every standard the body reviews is on it.
    assert page.count(reverse("findings_record", args=[app.pk])) == 1
    form = {}
    for standard in world.mandatory:
        form[f"std{standard.pk}-outcome"] = "met"
        form[f"std{standard.pk}-note"] = "Policy section 3"
    response = client.post(reverse("findings_record", args=[app.pk]), form, follow=True)
    assert response.redirect_chain[-1][0].endswith("#findings")
    assert "2 findings recorded." in response.content.decode()
    assert f"2 of {total} recorded." in response.content.decode()
    assert Finding.objects.filter(application=app, outcome="met").count() == 2
    page = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Approval needs both" not in page
    assert reverse("application_action", args=[app.pk, "approve"]) in page
    approve = client.get(reverse("application_action", args=[app.pk, "approve"])).content.decode()
    today = timezone.localdate()
    assert "36 months" in approve and human_date(add_months(today, 36) - timedelta(days=1)) in approve
    first = earliest_determination(today, 36)
    assert f"on or after <strong>{human_date(first)}</strong>" in approve
    # The date the page names is accepted; the day before it is refused.
    preview = client.get(
        reverse("application_action", args=[app.pk, "approve"]),
        {"determination_date": (first - timedelta(days=1)).isoformat()},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert f"on or after {human_date(first)}" in preview
    preview = client.get(
        reverse("application_action", args=[app.pk, "approve"]),
        {"determination_date": first.isoformat()},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "on or after" not in preview
    assert human_date(add_months(first, 36) - timedelta(days=1)) in preview
    response = client.post(
        reverse("application_action", args=[app.pk, "approve"]),
        {"determination_date": today.isoformat(), "note": ""},
        follow=True,
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.APPROVED and app.expires_on == add_months(today, 36)
    assert "approved" in response.content.decode()


def test_one_bad_row_keeps_every_typed_value_and_saves_nothing(as_user, world):
    client = as_user(world.certifier)
    app = world.under_review
    law, chokehold = world.mandatory
    response = client.post(
        reverse("findings_record", args=[app.pk]),
        {
            f"std{law.pk}-outcome": "met",
            f"std{law.pk}-note": "Typed for the first standard",
            f"std{chokehold.pk}-note": "A note with no outcome",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Choose met or not met to record this note." in page
    assert "Typed for the first standard" in page and "A note with no outcome" in page
    assert not Finding.objects.filter(application=app).exists()


def test_findings_on_an_application_not_under_review_are_refused_with_a_message(as_user, world):
    client = as_user(world.certifier)
    app = ApplicationFactory(body=world.body, submitted=True)
    law = world.mandatory[0]
    response = client.post(
        reverse("findings_record", args=[app.pk]),
        {f"std{law.pk}-outcome": "met", f"std{law.pk}-note": "Too early"},
        follow=True,
    )
    assert "Findings are recorded while an application is under review" in response.content.decode()
    assert not Finding.objects.filter(application=app).exists()


def test_blank_rows_record_nothing_and_get_redirects(as_user, world):
    client = as_user(world.certifier)
    url = reverse("findings_record", args=[world.under_review.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {}, follow=True)
    content = response.content.decode()
    assert "No finding was recorded: choose an outcome for at least one standard" in content
    assert "usa-alert--warning" in content and "0 findings recorded." not in content
    assert not Finding.objects.filter(application=world.under_review).exists()


def test_expiry_preview_partial_for_htmx(as_user, world):
    earlier = timezone.localdate() - timedelta(days=100)
    response = as_user(world.certifier).get(
        reverse("application_action", args=[world.under_review.pk, "approve"]),
        {"determination_date": earlier.isoformat()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and b"<html" not in response.content
    last_day = add_months(earlier, 36) - timedelta(days=1)
    assert f"valid through <strong>{human_date(last_day)}</strong>".encode() in response.content


def test_approve_without_findings_is_a_form_error(as_user, world):
    response = as_user(world.certifier).post(
        reverse("application_action", args=[world.under_review.pk, "approve"]),
        {"determination_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "Both minimum standards must be found met" in response.content.decode()


def test_deny_and_return_need_a_reason(as_user, world):
    client = as_user(world.certifier)
    for action in ("deny", "return"):
        url = reverse("application_action", args=[world.under_review.pk, action])
        response = client.post(url, {"note": "  "})
        assert response.status_code == 200 and "usa-error-message" in response.content.decode()
    client.post(
        reverse("application_action", args=[world.under_review.pk, "return"]),
        {"note": "Need the 2025 policy"},
    )
    world.under_review.refresh_from_db()
    assert world.under_review.status == ApplicationStatus.RETURNED


def test_actions_offered_are_exactly_the_allowed_ones(as_user, world):
    approved = ApplicationFactory(body=world.body, approved=True)
    page = as_user(world.certifier).get(reverse("application_detail", args=[approved.pk])).content.decode()
    assert "Revoke credential" in page
    for label in ("Start review", ">Approve<", ">Deny<", "Return for more information"):
        assert label not in page
    # A transition that is not possible now is refused with a message, not a crash.
    response = as_user(world.certifier).post(
        reverse("application_action", args=[approved.pk, "start_review"]), follow=True
    )
    assert response.status_code == 200 and "Cannot start review" in response.content.decode()


def test_revoke_a_credential(as_user, world):
    approved = ApplicationFactory(body=world.body, approved=True)
    as_user(world.certifier).post(
        reverse("application_action", args=[approved.pk, "revoke"]), {"note": "Policy rescinded"}
    )
    approved.refresh_from_db()
    assert approved.status == ApplicationStatus.REVOKED


def test_certifier_sees_evidence_and_can_download(as_user, world):
    client = as_user(world.certifier)
    page = client.get(reverse("application_detail", args=[world.under_review.pk])).content.decode()
    assert reverse("document_download", args=[world.document.pk]) in page
    assert client.get(reverse("document_download", args=[world.document.pk])).status_code == 200
