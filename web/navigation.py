"""The header's navigation per role, defined once: at most six top-level entries, the rest grouped under them.

To give a role one more page, add one ``Link`` to its list (or to one of its ``Menu`` groups). ``covers``
names the pages that belong under an entry (a list's detail and form pages), so the entry is marked
current on them too. The browser test ``tests/browser/test_reachability.py`` walks every page a role may
open (``web.access.URL_ACCESS``) and fails when one is more than two clicks from the role's home.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from .access import ADMIN, CERTIFIER, OFFICER, STAFF

MAX_TOP_LEVEL = 6


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    covers: frozenset[str] = field(default_factory=frozenset)
    fragment: str = ""

    def names(self) -> frozenset[str]:
        return self.covers | {self.url_name}


@dataclass(frozen=True)
class Menu:
    """A top-level entry that opens a submenu of links (USWDS navigation with submenus)."""

    label: str
    links: tuple[Link, ...]
    key: str  # the submenu's id in the page


Entry = Link | Menu


def _covers(*names: str) -> frozenset[str]:
    return frozenset(names)


APPLICATION_PAGES = _covers(
    "application_detail",
    "application_edit",
    "application_evidence",
    "application_attestations",
    "application_review",
    "application_action",
)

SEC4_PAGES = _covers("sec4_program_create", "sec4_program", "sec4_program_edit", "sec4_figures_file")

NAVIGATION: dict[str, list[Entry]] = {
    STAFF: [
        Link("Home", "agency_dashboard", covers=APPLICATION_PAGES),
        Link("New application", "application_create"),
        Menu(
            "Sec. 3 records",
            (
                Link(
                    "Use-of-force records",
                    "sec3_records",
                    covers=_covers("sec3_record", "sec3_record_revise"),
                ),
                Link("Quarterly reports", "sec3_reports", covers=_covers("sec3_report_amend")),
                Link("Hiring check", "hiring_check"),
            ),
            key="nav-sec3",
        ),
        Link("Sec. 4 programs", "sec4_programs", covers=SEC4_PAGES),
    ],
    CERTIFIER: [
        Link("Home", "home"),
        Link(
            "Review queue",
            "review_queue",
            covers=_covers(
                "application_detail", "application_action", "application_assign", "application_note"
            ),
        ),
        Link("Bulk lists", "bulk_lists", covers=_covers("bulk_list_detail")),
        Link("Annual reports", "annual_reports", covers=_covers("annual_report_detail")),
    ],
    ADMIN: [
        Link("Home", "home"),
        Menu(
            "Credentialing",
            (
                Link(
                    "Credentialing bodies",
                    "body_list",
                    covers=_covers("body_detail", "body_certification", "body_create", "body_edit"),
                ),
                Link(
                    "Standards",
                    "standard_list",
                    covers=_covers("standard_create", "standard_edit", "standard_change"),
                ),
                Link("Annual reports", "annual_report_overview"),
            ),
            key="nav-credentialing",
        ),
        Menu(
            "Agencies",
            (
                Link(
                    "Agency registry",
                    "agency_list",
                    covers=_covers("agency_create", "agency_edit", "agency_detail"),
                ),
                Link("Eligibility", "eligibility_list"),
                Link("Sec. 4 programs", "sec4_programs", covers=SEC4_PAGES),
                Link("National overview", "national_overview"),
                Link("National repository", "repository"),
            ),
            key="nav-agencies",
        ),
        Menu(
            "Sec. 3 records",
            (
                Link(
                    "Use-of-force records",
                    "sec3_records",
                    covers=_covers("sec3_record", "sec3_record_correct"),
                ),
                Link("Hiring-check log", "check_log"),
            ),
            key="nav-sec3",
        ),
        Menu(
            "People",
            (
                Link(
                    "People and roles",
                    "person_list",
                    covers=_covers(
                        "person_create", "person_detail", "person_role", "person_access", "person_send_link"
                    ),
                ),
                Link("Undelivered e-mail", "notification_delivery"),
                Link("Audit trail", "audit_list"),
            ),
            key="nav-people",
        ),
    ],
    OFFICER: [
        Link("Home", "home"),
        Link(
            "Grant programs",
            "program_list",
            covers=_covers(
                "program_create",
                "program_edit",
                "program_applicants",
                "program_dashboard",
                "applicant_add",
                "applicant_import",
            ),
        ),
        Menu(
            "Agencies",
            (
                Link("Agency registry", "agency_list", covers=_covers("agency_detail")),
                Link("Sec. 4 programs", "sec4_programs", covers=SEC4_PAGES),
            ),
            key="nav-officer-agencies",
        ),
        Link("Eligibility", "eligibility_list"),
        Link("National overview", "national_overview"),
        Link("National repository", "repository"),
    ],
}

# The public pages, for anyone (and the same on every public page, signed in or not: they are cached).
PUBLIC_NAVIGATION: list[Entry] = [
    Link("National summary", "public_summary"),
    Link("Agencies by state", "public_summary", fragment="by-state-heading", covers=_covers("public_state")),
    Menu(
        "Downloads",
        (
            Link("Agencies by state (CSV)", "public_summary_csv"),
            Link("Agencies by state (JSON)", "public_summary_json"),
            Link("Use-of-force figures (CSV)", "figures_csv"),
            Link("Use-of-force figures (JSON)", "figures_json"),
        ),
        key="nav-downloads",
    ),
    Link("Use-of-force figures", "figures"),
    Link("Data dictionary", "public_data_dictionary"),
]

# Each role's home: what needs them now, and the way to every page of theirs.
HOME_BY_ROLE: dict[str, str] = {
    STAFF: "agency_dashboard",
    CERTIFIER: "home",
    ADMIN: "home",
    OFFICER: "home",
}
PUBLIC_HOME = "public_summary"


def entries_for(role: str | None) -> list[Entry]:
    return NAVIGATION.get(role or "", PUBLIC_NAVIGATION) if role else PUBLIC_NAVIGATION


@lru_cache(maxsize=1024)
def _reversed(url_name: str, prefix: str, urlconf: Any) -> str:
    return reverse(url_name, urlconf=urlconf)


def entry_url(url_name: str) -> str:
    """``reverse`` of a page without arguments, once per process: every page's header links to the same
    dozen pages, and reversing them was a tenth of a page's rendering. Keyed by what ``reverse`` reads."""
    return _reversed(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


def _link_item(link: Link, current: str | None) -> dict[str, Any]:
    url = entry_url(link.url_name) + (f"#{link.fragment}" if link.fragment else "")
    # An entry that only points into another entry's page (a fragment) is never the current one.
    is_current = current in link.names() and not (link.fragment and current == link.url_name)
    return {"label": link.label, "url": url, "current": is_current}


def items(entries: Iterable[Entry], current: str | None) -> list[dict[str, Any]]:
    """The header's entries as the template renders them, the current page's entry marked."""
    rendered = []
    for entry in entries:
        if isinstance(entry, Menu):
            links = [_link_item(link, current) for link in entry.links]
            rendered.append(
                {
                    "label": entry.label,
                    "key": entry.key,
                    "links": links,
                    "current": any(link["current"] for link in links),
                }
            )
        else:
            rendered.append(_link_item(entry, current))
    return rendered


def url_names(entries: Iterable[Entry]) -> set[str]:
    """Every page the entries link to."""
    names: set[str] = set()
    for entry in entries:
        for link in entry.links if isinstance(entry, Menu) else (entry,):
            names.add(link.url_name)
    return names
