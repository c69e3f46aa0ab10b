"""One way of writing dates for people: "December 6, 2026" and "December 6, 2026, 1:08 p.m.", on every
page a role can open; ISO 8601 only in downloads and the API."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from common.audit import record
from common.humanize import human_date, human_moment
from credentialing.models import InternalNote
from records.models import HiringCheck
from tests.factories import NotificationFactory, RecordFactory

from .test_audit_page import visible_text

pytestmark = pytest.mark.django_db

# Any other way of writing a date or a time: ISO dates, numeric dates, 24-hour times, AM/PM, abbreviated
# months ("Dec. 6"), and a time without its date.
OTHER_FORMATS = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b(?! [ap]\.m\.)"),
    re.compile(r"\b\d{1,2}:\d{2} ?(AM|PM|am|pm)\b"),
    re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2}\b"),
]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
PEOPLE_DATE = re.compile(rf"\b({MONTHS}) \d{{1,2}}, \d{{4}}(, \d{{1,2}}:\d{{2}} [ap]\.m\.)?")


# How to type a date into a field is guidance, not a date shown: the USWDS date picker takes mm/dd/yyyy.
INPUT_GUIDANCE = re.compile(r"(for example \d\d/\d\d/\d{4} \()?mm/dd/yyyy(, for example \d\d/\d\d/\d{4})?")


def other_formats(text: str) -> list[str]:
    text = INPUT_GUIDANCE.sub(" ", text)
    return [match.group(0) for pattern in OTHER_FORMATS for match in pattern.finditer(text)]


def _no_argument_pages() -> list[str]:
    names = []
    for pattern in get_resolver("web.urls").url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            names.append(pattern.name)
    return names


@pytest.fixture
def dated(world):
    """Something dated on each role's pages: notices, notes, records, checks, audit entries."""
    for person in (world.staff, world.certifier, world.doj_admin, world.grant_officer):
        NotificationFactory(recipient=person, created_at=timezone.now() - timedelta(hours=5))
    InternalNote.objects.create(application=world.under_review, author=world.certifier, text="Looked at it.")
    RecordFactory(agency=world.agency)
    HiringCheck.objects.create(
        checked_by=world.staff,
        agency=world.agency,
        candidate_name="Pat Doe",
        date_of_birth=timezone.localdate().replace(year=1990),
        purpose="hiring",
        exact_matches=0,
        possible_matches=0,
    )
    record(
        actor=world.doj_admin,
        action="agency.updated",
        obj=world.agency,
        before={"state": "CA"},
        after={"state": "NV"},
    )
    return world


def test_the_person_format(settings):
    moment = timezone.make_aware(timezone.datetime(2026, 12, 6, 18, 8), timezone.get_fixed_timezone(0))
    settings.TIME_ZONE = "America/New_York"
    assert human_moment(moment) == "December 6, 2026, 1:08 p.m."
    assert human_date(moment.date()) == "December 6, 2026"
    assert human_date("2026-12-06") == "December 6, 2026", "a day read back as text (JSON, SQLite)"
    assert other_formats("December 6, 2026, 1:08 p.m.") == []
    assert other_formats("2026-12-06 13:08") == ["2026-12-06", "13:08"]


@pytest.mark.parametrize("role", ["staff", "certifier", "doj_admin", "grant_officer", None])
def test_every_page_of_a_role_writes_dates_one_way(client, dated, role):
    if role:
        client.force_login(getattr(dated, role))
    pages = [reverse(name) for name in _no_argument_pages()]
    pages += (
        [reverse("application_detail", args=[dated.under_review.pk])]
        if role in ("certifier", "doj_admin")
        else []
    )
    pages += [reverse("application_detail", args=[dated.submitted.pk])] if role == "staff" else []
    seen_dates = 0
    checked = 0
    for url in pages:
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        if getattr(response, "streaming", False):
            continue
        text = visible_text(response.content.decode())
        checked += 1
        assert other_formats(text) == [], f"{url} writes a date another way: {other_formats(text)}"
        seen_dates += len(PEOPLE_DATE.findall(text))
    assert checked >= 3
    assert seen_dates > 0 or role is None, "the fixture's dated things should show on the role's pages"
