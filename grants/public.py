"""What anyone may read without signing in: per state, the agencies credentialed or in process with their
body and the last day their credential is valid, and a national summary by state.

The fields below are the whole public set: the pages, the CSV and JSON downloads and the data dictionary
all come from ``AGENCY_FIELDS`` and ``SUMMARY_FIELDS``, and the queries fetch only what they need
(``values``), so nothing else (evidence, findings, notes, people, reasons) can reach a public page.
Results are kept in the cache for ``CACHE_SECONDS``: a flag change shows within that time, and within twice
that on a page answered from the servers' anonymous copy (``common.caching.public_cacheable``).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet

from agencies.models import Agency, AgencyType
from agencies.states import State
from common.exports import Column

from .models import EligibilityBasis

CACHE_SECONDS = 60
PAGE_SIZE = 50
MAX_QUERY_LENGTH = 100
PUBLIC_BASES = (EligibilityBasis.CREDENTIALED, EligibilityBasis.IN_PROCESS)
STATUS_LABELS = {EligibilityBasis.CREDENTIALED: "Credentialed", EligibilityBasis.IN_PROCESS: "In process"}


@dataclass(frozen=True)
class PublicField:
    key: str
    header: str
    meaning: str
    value: Callable[[dict[str, Any]], Any]

    def column(self) -> Column:
        return Column(self.header, self.value, key=self.key)


def _valid_through(row: dict[str, Any]) -> Any:
    # A credential expires at the start of its expiry day: the last valid day is the one before.
    expires = row["expires_on"]
    if row["basis"] != EligibilityBasis.CREDENTIALED or expires is None:
        return None
    return expires - timedelta(days=1)


def _type_label(code: str) -> str:
    return str(AgencyType(code).label) if code in AgencyType.values else code


AGENCY_FIELDS: list[PublicField] = [
    PublicField(
        "ori",
        "ORI",
        "The agency's FBI-assigned identifier (ORI); its first two letters are the state.",
        lambda r: r["ori"],
    ),
    PublicField("name", "Agency", "The agency's name as in the registry.", lambda r: r["name"]),
    PublicField("state", "State", "USPS code of the state or territory.", lambda r: r["state"]),
    PublicField("city", "City", "City, where the registry has one.", lambda r: r["city"]),
    PublicField("county", "County", "County, where the registry has one.", lambda r: r["county"]),
    PublicField(
        "agency_type",
        "Agency type",
        "Local police, sheriff, university or college, and so on.",
        lambda r: _type_label(r["agency_type"]),
    ),
    PublicField(
        "status",
        "Status",
        "Credentialed, or in process (an application submitted, under review or returned for more "
        "information).",
        lambda r: STATUS_LABELS[r["basis"]],
    ),
    PublicField(
        "body",
        "Credentialing body",
        "The independent credentialing body, certified by the Attorney General, that credentialed the "
        "agency or is reviewing its application.",
        lambda r: r["body"],
    ),
    PublicField(
        "valid_through",
        "Valid through",
        "For a credentialed agency, the last day its credential is valid (YYYY-MM-DD); empty while "
        "in process.",
        _valid_through,
    ),
]
# What the agency queries fetch: exactly what the fields above read.
_AGENCY_VALUES = {
    "ori": "ori",
    "name": "name",
    "state": "state",
    "city": "city",
    "county": "county",
    "agency_type": "agency_type",
    "basis": "eligibility__basis",
    "body": "eligibility__application__body__name",
    "expires_on": "eligibility__application__expires_on",
}

SUMMARY_FIELDS: list[PublicField] = [
    PublicField("state", "State", "USPS code of the state or territory.", lambda r: r["state"]),
    PublicField(
        "state_name", "State name", "Name of the state or territory.", lambda r: State(r["state"]).label
    ),
    PublicField("agencies", "Agencies", "Agencies in the registry.", lambda r: r["agencies"]),
    PublicField(
        "subject",
        "Subject to the requirement",
        "Agencies other than tribal agencies, which are not subject to it.",
        lambda r: r["subject"],
    ),
    PublicField(
        "credentialed",
        "Credentialed",
        "Agencies holding a valid credential from a certified body.",
        lambda r: r["credentialed"],
    ),
    PublicField(
        "in_process",
        "In process",
        "Agencies with an application in process at a certified body.",
        lambda r: r["in_process"],
    ),
    PublicField(
        "share",
        "Share credentialed or in process",
        "Credentialed plus in process, divided by the agencies subject to the requirement, as a "
        "percentage (empty when none are subject).",
        lambda r: r["share"],
    ),
]


def _agency_rows(state: str, query: str) -> QuerySet:
    rows = Agency.objects.filter(state=state, eligibility__basis__in=PUBLIC_BASES)
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(city__icontains=query) | Q(county__icontains=query))
    same = [key for key, path in _AGENCY_VALUES.items() if key == path]
    renamed = {key: F(path) for key, path in _AGENCY_VALUES.items() if key != path}
    return rows.order_by("name", "ori").values(*same, **renamed)


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def _key(*parts: Any) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"public:{digest}"


@dataclass(frozen=True)
class AgencyPage:
    rows: list[dict[str, Any]]
    total: int
    number: int
    num_pages: int


def state_page_key(state: str, query: str, number: int, per_page: int = PAGE_SIZE) -> str:
    return _key("state", state, query, number, per_page)


def state_agencies_page(state: str, query: str, number: int, per_page: int = PAGE_SIZE) -> AgencyPage:
    """One page of the state's public list (two queries, none while cached). A page past the end is the
    last page."""

    def build() -> AgencyPage:
        paginator = Paginator(_agency_rows(state, query), per_page)
        page = paginator.get_page(number)
        return AgencyPage(list(page.object_list), paginator.count, page.number, paginator.num_pages)

    return cast(
        AgencyPage, cache.get_or_set(state_page_key(state, query, number, per_page), build, CACHE_SECONDS)
    )


def state_agencies_all(state: str, query: str) -> list[dict[str, Any]]:
    """Every row of the state's public list for that search, for the downloads (one query)."""
    rows = cache.get_or_set(
        _key("state-all", state, query), lambda: list(_agency_rows(state, query)), CACHE_SECONDS
    )
    return cast(list[dict[str, Any]], rows)


def national_summary() -> list[dict[str, Any]]:
    """Per state and territory with agencies: how many are credentialed or in process (one query)."""

    def build() -> list[dict[str, Any]]:
        grouped = (
            Agency.objects.order_by()
            .values("state")
            .annotate(
                agencies=Count("pk"),
                exempt=Count("pk", filter=Q(agency_type=AgencyType.TRIBAL)),
                credentialed=Count("pk", filter=Q(eligibility__basis=EligibilityBasis.CREDENTIALED)),
                in_process=Count("pk", filter=Q(eligibility__basis=EligibilityBasis.IN_PROCESS)),
            )
        )
        order = {code: n for n, code in enumerate(State.values)}
        rows = []
        for row in sorted(grouped, key=lambda r: order[r["state"]]):
            subject = row["agencies"] - row["exempt"]
            share = round(100 * (row["credentialed"] + row["in_process"]) / subject, 1) if subject else None
            rows.append({**row, "subject": subject, "share": share})
        return rows

    return cast(list[dict[str, Any]], cache.get_or_set(_key("summary"), build, CACHE_SECONDS))


def agency_columns() -> list[Column]:
    return [f.column() for f in AGENCY_FIELDS]


def summary_columns() -> list[Column]:
    return [f.column() for f in SUMMARY_FIELDS]
