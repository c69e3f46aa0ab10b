"""Every page of every role, reached from the role's home by clicking only, in at most two clicks.

The pages are not listed by hand. They come from the URL conf (``get_resolver()``) and the permission map
(``web.access.URL_ACCESS``): every route the role may open that answers a GET with an HTML page, either
without arguments or with the id of one of the role's own objects (found through the apps' own visibility
selectors). A route answering with a file is a download: it must be linked from a page within two clicks. An
object's own pages (its edit, revise or correct form: a route extending the object's route) must be one
click from the object's page. Opening a header submenu is not counted as a click.
"""

import json
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import User
from agencies.models import Agency
from community.selectors import programs_visible_to
from community.services import file_yearly_figures
from credentialing.models import CredentialingBody, EvidenceDocument, Standard
from credentialing.selectors import agencies_visible_to, applications_visible_to
from grants.models import GrantProgram
from records.models import RecordDocument
from records.quarters import last_complete
from records.selectors import records_visible_to, reports_visible_to
from records.services.records import attach_record_document
from records.services.reports import submit_report
from reporting.selectors import current_report_year, lists_visible_to
from reporting.services.lists import upload_list
from tests.factories import (
    AgencyFactory,
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DocumentFactory,
    DojAdministratorFactory,
    GrantApplicantFactory,
    GrantOfficerFactory,
    NotificationFactory,
    ProgramFactory,
    RecordFactory,
    sec4_program,
)
from web.access import PUBLIC, URL_ACCESS
from web.navigation import HOME_BY_ROLE, PUBLIC_HOME

from .test_journeys import sign_in, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_CLICKS = 2
# Pages that only open as the outcome of a step, never as a place to go: the page after a form is sent,
# the sign-in steps themselves, sign-out (a form's POST).
OUTCOME_PAGES = {
    "logout",
    "mfa_verify",
    "mfa_enrol",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
}
# The role's own objects, by the first segment(s) of a route: what an id in that route may be.
Source = Callable[[Any], Any]
OBJECT_SOURCES: list[tuple[str, Source]] = [
    ("applications/", lambda user: applications_visible_to(user).order_by("pk")),
    (
        "documents/",
        lambda user: EvidenceDocument.objects.filter(application__in=applications_visible_to(user)),
    ),
    ("bodies/", lambda user: CredentialingBody.objects.order_by("pk")),
    ("standards/", lambda user: Standard.objects.order_by("pk")),
    ("agencies/", lambda user: agencies_visible_to(user).order_by("pk")),
    ("people/", lambda user: User.objects.order_by("pk")),
    ("programs/", lambda user: GrantProgram.objects.order_by("pk")),
    ("sec3/records/", lambda user: records_visible_to(user).order_by("pk")),
    ("sec3/reports/", lambda user: reports_visible_to(user).order_by("pk")),
    ("sec3/documents/", lambda user: RecordDocument.objects.filter(record__in=records_visible_to(user))),
    ("lists/", lambda user: lists_visible_to(user)),
    ("sec4/programs/", lambda user: programs_visible_to(user).order_by("pk")),
]
OBJECT_ARGUMENTS = {"pk", "year", "state"}


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    route: str
    kwargs: tuple[tuple[str, str], ...]
    is_download: bool


def routes() -> list[tuple[str, str, list[str]]]:
    """(URL name, route, argument names) of every named route of the project's URL conf."""
    found = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace or entry.app_name == "admin":
                    continue  # the API and Django's admin have their own maps
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name in URL_ACCESS:
                route = prefix + str(entry.pattern)
                found.append((entry.name, route, re.findall(r"<(?:\w+:)?(\w+)>", route)))

    walk(get_resolver().url_patterns)
    return found


def candidates(route: str, arguments: list[str], user: User | None) -> list[str]:
    """Addresses of the route for the role's own objects (or the route itself without arguments)."""
    if not arguments:
        return ["/" + route]
    if not set(arguments) <= OBJECT_ARGUMENTS or len(arguments) > 1:
        return []  # an action or a token (a button's target, an e-mailed link): not a place to go
    (argument,) = arguments
    pattern = re.sub(r"<(?:\w+:)?\w+>", "{}", route)
    if argument == "year":
        values: list[Any] = list(range(current_report_year(), current_report_year() - 3, -1))
    elif argument == "state":
        values = sorted(set(Agency.objects.values_list("state", flat=True)))
    else:
        source = next((s for prefix, s in OBJECT_SOURCES if route.startswith(prefix)), None)
        assert source is not None, f"no source of objects for {route}: add one to OBJECT_SOURCES"
        values = list(source(user).values_list("pk", flat=True)[:15]) if user else []
    return ["/" + pattern.format(value) for value in values]


def role_targets(page: Page, base: str, role: str, user: User | None) -> list[Target]:
    """Every page and download of the role, each at one address the role may open."""
    targets = []
    for name, route, arguments in routes():
        allowed = URL_ACCESS[name]
        if name in OUTCOME_PAGES or not (allowed == PUBLIC if role == "public" else role in allowed):
            continue
        for url in candidates(route, arguments, user):
            response = page.request.get(base + url, max_redirects=0)
            if response.status != 200:
                continue
            html = response.headers.get("content-type", "").startswith("text/html")
            match = resolve(url)
            kwargs = tuple(sorted((k, str(v)) for k, v in match.kwargs.items()))
            targets.append(Target(name, url, route, kwargs, is_download=not html))
            break
    return targets


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("http", "mailto:", "#")):
            self.hrefs.append(href)


def links_on(page: Page, base: str, url: str) -> list[str]:
    """The links of the page at ``url`` as the role's session gets it (read, not rendered: quicker; the
    paths found are then followed by clicking)."""
    parser = _Links()
    parser.feed(page.request.get(base + url).text())
    return parser.hrefs


def name_of(path: str) -> tuple[str, tuple] | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.url_name, tuple(sorted((k, str(v)) for k, v in match.kwargs.items()))


def discover(
    page: Page, base: str, home: str, depth: int, files: set[str]
) -> dict[tuple, list[tuple[str, str]]]:
    """Breadth-first from the home: each (URL name, arguments) reached, with the shortest path of links
    (the page the link is on, the link's href) that leads to it. Downloads (``files``) are not opened."""
    paths: dict[tuple, list[tuple[str, str]]] = {}
    queue = deque([(home, [])])
    seen_pages = {home}
    while queue:
        url, path = queue.popleft()
        for href in links_on(page, base, url):
            absolute = href if href.startswith("/") else urlsplit(url).path + href
            key = name_of(absolute)
            if key is None or key in paths:
                continue
            paths[key] = [*path, (url, href)]
            target = urlsplit(absolute).path + (
                f"?{urlsplit(absolute).query}" if urlsplit(absolute).query else ""
            )
            is_file = key[0] in files or "." in urlsplit(absolute).path.rsplit("/", 1)[-1]
            if (
                len(path) + 1 < depth
                and target not in seen_pages
                and key[0] not in OUTCOME_PAGES
                and not is_file
            ):
                seen_pages.add(target)
                queue.append((target, paths[key]))
    return paths


def click_link(page: Page, href: str) -> None:
    """Click the visible link to ``href``; one in a closed header submenu is clicked after opening it."""
    links = page.locator(f"a[href={json.dumps(href)}]")
    for n in range(links.count()):
        if links.nth(n).is_visible():
            links.nth(n).click()
            page.wait_for_load_state()
            return
    menu = links.first.evaluate("e => e.closest('.usa-nav__submenu') && e.closest('.usa-nav__submenu').id")
    assert menu, f"no visible link to {href} on {page.url}"
    page.locator(f'button[aria-controls="{menu}"]').click()
    links.first.click()
    page.wait_for_load_state()


def replay(page: Page, base: str, home: str, path: list[tuple[str, str]], expected: tuple) -> None:
    """Start at the home and click each link of ``path``: the last page is ``expected``."""
    page.goto(base + home)
    for _, href in path:
        click_link(page, href)
    assert name_of(urlsplit(page.url).path) == expected, f"clicking {path} led to {page.url}"


@pytest.fixture
def product(tmp_path):
    """One of each role, each with objects of their own in every state their pages show."""
    agency = AgencyFactory(name="Riverbend Police Department", state="CA", ori="CA0194200")
    other = AgencyFactory(name="Lakeside Sheriff's Office", state="CA", ori="CA0194300", sheriff=True)
    body = BodyFactory(name="California Police Accreditation Commission", states_served=["CA"])
    second_body = BodyFactory(name="National Campus Accreditation Board")
    BodyFactory(name="Nevada POST", pending=True)
    staff = AgencyStaffFactory(agency=agency, username="riverbend", first_name="Rita", last_name="Reyes")
    certifier = CertifierFactory(credentialing_body=body, username="reviewer", first_name="Cal")
    admin = DojAdministratorFactory(username="dojadmin", first_name="Dana")
    officer = GrantOfficerFactory(username="officer", first_name="Grace")
    AgencyStaffFactory(agency=other, username="lakeside")
    draft = ApplicationFactory(agency=agency, body=second_body, created_by=staff)
    DocumentFactory(application=draft, kind="use_of_force_policy")
    submitted = ApplicationFactory(agency=agency, body=body, submitted=True, created_by=staff)
    DocumentFactory(application=submitted, kind="use_of_force_policy")
    ApplicationFactory(agency=other, body=body, under_review=True, assigned_to=certifier)
    program = ProgramFactory(name="COPS Hiring Program")
    GrantApplicantFactory(program=program, agency=agency)
    GrantApplicantFactory(program=program, agency=other)
    record = RecordFactory(agency=agency, created_by=staff)
    attach_record_document(
        actor=staff, record=record, upload=SimpleUploadedFile("letter.pdf", small_pdf(), "application/pdf")
    )
    submit_report(
        actor=staff,
        agency=agency,
        quarter=last_complete(timezone.localdate()),
        zero=True,
        signed_by_name="Rita Reyes",
        signed_by_title="Chief of Police",
    )
    program = sec4_program(actor=staff)
    file_yearly_figures(
        actor=staff,
        program=program,
        year=timezone.localdate().year - 1,
        calls_answered_jointly=120,
        referrals_made=30,
    )
    upload_list(
        body=body,
        actor=certifier,
        file=BytesIO(f"ORI,determination date,reference\r\n{other.ori},2026-01-05,A-1\r\n".encode()),
        filename="accredited.csv",
        name="Accredited in 2025",
    )
    for user in (staff, certifier, admin, officer):
        NotificationFactory(recipient=user)
    return {
        "agency_staff": staff,
        "certifier": certifier,
        "doj_administrator": admin,
        "grant_officer": officer,
    }


ROLES = ["agency_staff", "certifier", "doj_administrator", "grant_officer", "public"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_within_two_clicks_of_home(page: Page, live_server, product, role):
    page.set_viewport_size({"width": 1280, "height": 900})
    base = live_server.url
    user = product.get(role)
    if user is not None:
        sign_in(page, base, user.username)
        home = reverse(HOME_BY_ROLE[user.role])
    else:
        home = reverse(PUBLIC_HOME)
    targets = role_targets(page, base, role, user)
    pages = [t for t in targets if not t.is_download]
    assert len(pages) >= 5, targets
    files = {t.name for t in targets if t.is_download}
    paths = discover(page, base, home, MAX_CLICKS + 1, files)
    home_key = name_of(home)
    unreachable, too_far = [], []
    for target in targets:
        if (target.name, target.kwargs) == home_key:
            continue
        parent = next(
            (
                t
                for t in pages
                if t is not target
                and t.kwargs
                and t.kwargs == target.kwargs
                and target.route.startswith(t.route)
            ),
            None,
        )
        # An object's own page, one click from the object's page; a download, linked from a page.
        limit = MAX_CLICKS + 1 if parent is not None or target.is_download else MAX_CLICKS
        # A page of one of the role's objects is reached when the page of one such object is.
        found = sorted(
            ((len(path), key, path) for key, path in paths.items() if key[0] == target.name),
            key=lambda found: found[0],
        )
        if not found:
            unreachable.append(target.url)
        elif found[0][0] > limit:
            too_far.append(f"{target.url} ({found[0][0]} clicks)")
        elif not target.is_download:
            replay(page, base, home, found[0][2], found[0][1])
    assert not unreachable and not too_far, f"{role}: unreachable {unreachable}; too far {too_far}"
