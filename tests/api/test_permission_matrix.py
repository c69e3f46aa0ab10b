"""Every API endpoint x every role x (own object, another's object), plus an anonymous caller.

The table is the specification. The test enumerates the URL patterns under ``/api/v1/`` with the methods
their views answer and fails if any (name, method) has no row, so no endpoint can be added unreviewed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from records.quarters import last_complete
from reporting.schedule import current_report_year
from tests.factories import pdf_upload

from .conftest import ROLES, World, list_upload

Pair = tuple[int, int]  # (own object, another's object)


@dataclass(frozen=True)
class Row:
    kind: str | None  # which object of the world the URL points at; None: no object in the URL
    expect: dict[str, Pair]  # role -> statuses
    data: Callable[[World, Any], dict] | None = None
    multipart: bool = False
    anonymous: int = 401  # the documentation pages send a signed-out reader to the sign-in page instead


def same(status: int) -> Pair:
    return (status, status)


def roles(staff: Pair, certifier: Pair, admin: Pair, officer: Pair) -> dict[str, Pair]:
    return {"staff": staff, "certifier": certifier, "admin": admin, "officer": officer}


ALL_OK = roles(same(200), same(200), same(200), same(200))
DOJ_ONLY = roles(same(403), same(403), same(200), same(200))
ADMIN_ONLY = roles(same(403), same(403), same(200), same(403))
# What each role sees of an application under review / approved, and of its documents and findings.
SEE_APPLICATION = roles((200, 404), (200, 404), same(200), same(200))
SEE_ELIGIBILITY = roles((200, 404), same(403), same(200), same(200))
CERTIFIER_ONLY = roles(same(403), same(200), same(403), same(403))
OWN_LIST = roles(same(403), (200, 404), same(403), same(403))
# Annual reports: the body's certifiers and DOJ administrators (as on the web pages).
REPORTS = roles(same(403), same(200), same(200), same(403))
OWN_REPORT = roles(same(403), (200, 404), same(200), same(403))


def _annual_report(world: World, obj: Any) -> dict:
    return {"year": current_report_year() - 1, "note": "Sent by the board."}


def _agency(world: World, obj: Any) -> dict:
    return {
        "name": "Lakeside Police Department",
        "ori": "WA0123400",
        "ein": "91-1234567",
        "agency_type": "local_police",
        "state": "WA",
        "head_name": "Sam Lake",
    }


def _program(world: World, obj: Any) -> dict:
    return {
        "name": "Body-Worn Camera Policy",
        "fiscal_year": 2027,
        "kind": "discretionary",
        "application_deadline": "2027-03-31",
    }


def _person(world: World, obj: Any) -> dict:
    return {
        "username": "newcertifier",
        "email": "new.certifier@example.gov",
        "role": "certifier",
        "credentialing_body": world.objects["body"][0].pk,
    }


def _body(world: World, obj: Any) -> dict:
    return {
        "name": "Washington Accreditation",
        "states_served": ["WA"],
        "discretionary_standards": ["training"],
    }


ADMIN_WRITES = roles(same(403), same(403), same(200), same(403))
ADMIN_CREATES = roles(same(403), same(403), same(201), same(403))


def _note(world: World, obj: Any) -> dict:
    return {"note": "Checked against the file."}


# Sec. 3: to certifiers and grant officers the endpoints do not exist (404).
SEC3_READ = roles(same(200), same(404), same(200), same(404))
STAFF_CREATES = roles(same(201), same(404), same(403), same(404))


def _record(world: World, obj: Any) -> dict:
    return {
        "officer_name": "Pat Q. Officer",
        "date_of_birth": "1979-01-02",
        "kind": "termination",
        "action_date": "2025-05-06",
        "process_status": "final",
    }


def _report(world: World, obj: Any) -> dict:
    last = last_complete(timezone.localdate())
    return {"quarter": last.code, "zero": True, "signed_by_name": "Pat Example", "signed_by_title": "Chief"}


SEC4_READ = roles(same(200), same(404), same(200), same(200))
SEC4_READ_ONE = roles((200, 404), same(404), same(200), same(200))
SEC4_KEEP = roles((200, 404), same(404), same(403), same(403))


def _sec4(world: World, obj: Any) -> dict:
    return {
        "model": "crisis_line_diversion",
        "partners": [{"name": "County 988 Center", "kind": "health_department"}],
        "started_on": "2025-01-06",
        "hours_per_week": 168,
        "jurisdiction_share": 100,
        "officers_trained_share": 30,
        "training_name": "Mental Health First Aid",
    }


def _sec4_change(world: World, obj: Any) -> dict:
    return {**_sec4(world, obj), "note": "Now run with the county."}


def _sec4_figures(world: World, obj: Any) -> dict:
    return {"year": timezone.localdate().year - 1, "calls_answered_jointly": 412, "referrals_made": 97}


MATRIX: dict[tuple[str, str], Row] = {
    ("me", "get"): Row(None, ALL_OK),
    ("agency-list", "get"): Row(None, ALL_OK),
    ("agency-list", "post"): Row(None, roles(same(403), same(403), same(201), same(403)), _agency),
    ("agency-detail", "get"): Row("agency", roles((200, 404), (200, 404), same(200), same(200))),
    ("agency-detail", "patch"): Row(
        "agency", roles((403, 404), (403, 404), same(200), same(403)), lambda w, o: {"city": "Newtown"}
    ),
    ("body-list", "get"): Row(None, ALL_OK),
    ("body-detail", "get"): Row("body", ALL_OK),
    # The own body is certified; the other one is suspended.
    # The own body is certified, the other suspended: a suspended body is reinstated, not certified.
    ("body-certify", "post"): Row("body", roles(same(403), same(403), same(409), same(403)), _note),
    ("body-reinstate", "post"): Row("body", roles(same(403), same(403), (409, 200), same(403)), _note),
    ("body-suspend", "post"): Row("body", roles(same(403), same(403), (200, 409), same(403)), _note),
    ("body-revoke", "post"): Row("body", roles(same(403), same(403), same(200), same(403)), _note),
    ("body-list", "post"): Row(None, ADMIN_CREATES, _body),
    ("body-detail", "patch"): Row("body", ADMIN_WRITES, lambda w, o: {"credential_term_months": 48}),
    ("standard-list", "get"): Row(None, ALL_OK),
    ("standard-list", "post"): Row(
        None, ADMIN_CREATES, lambda w, o: {"code": "body-worn-cameras", "title": "Body-worn cameras"}
    ),
    ("standard-detail", "get"): Row("standard", ALL_OK),
    ("standard-detail", "patch"): Row("catalogue", ADMIN_WRITES, lambda w, o: {"title": "Reworded"}),
    # The own principle is discretionary and in force; the other one is a Sec. 2(c) minimum.
    ("standard-retire", "post"): Row("catalogue", roles(same(403), same(403), (200, 400), same(403))),
    ("standard-restore", "post"): Row("catalogue", roles(same(403), same(403), same(409), same(403))),
    ("application-list", "get"): Row(None, ALL_OK),
    ("application-list", "post"): Row(
        None,
        roles(same(201), same(403), same(403), same(403)),
        lambda w, o: {"body": w.extra["new_body"].pk, "attests_legal_compliance": True},
    ),
    ("application-detail", "get"): Row("review", SEE_APPLICATION),
    # Drafts are never shown to a credentialing body nor to DOJ: only the agency sees them.
    ("application-detail", "patch"): Row(
        "draft", roles((200, 404), same(404), same(404), same(404)), lambda w, o: {"notes": "See page 3."}
    ),
    # Deleting is for drafts only (a submitted application is withdrawn instead).
    ("application-detail", "delete"): Row("draft", roles((204, 404), same(404), same(404), same(404))),
    ("application-submit", "post"): Row("draft", roles((200, 404), same(404), same(404), same(404))),
    ("application-start-review", "post"): Row("review", roles((403, 404), (409, 404), same(403), same(403))),
    ("application-return", "post"): Row("review", roles((403, 404), (200, 404), same(403), same(403)), _note),
    ("application-approve", "post"): Row(
        "review", roles((403, 404), (200, 404), same(403), same(403)), lambda w, o: {}
    ),
    ("application-deny", "post"): Row("review", roles((403, 404), (200, 404), same(403), same(403)), _note),
    ("application-revoke", "post"): Row(
        "approved", roles((403, 404), (200, 404), same(403), same(403)), _note
    ),
    ("application-withdraw", "post"): Row("review", roles((200, 404), (403, 404), same(403), same(403))),
    ("document-list", "get"): Row("review", SEE_APPLICATION),
    ("document-list", "post"): Row(
        "draft",
        roles((201, 404), same(404), same(404), same(404)),
        lambda w, o: {"kind": "accreditation", "file": pdf_upload("accreditation.pdf")},
        multipart=True,
    ),
    ("document-detail", "get"): Row("review_document", SEE_APPLICATION),
    ("document-detail", "delete"): Row("draft_document", roles((204, 404), same(404), same(404), same(404))),
    ("document-download", "get"): Row("review_document", SEE_APPLICATION),
    ("finding-list", "get"): Row("review", SEE_APPLICATION),
    ("finding-list", "post"): Row(
        "review",
        roles((403, 404), (201, 404), same(403), same(403)),
        lambda w, o: {"standard": "adherence-to-law", "outcome": "not_met"},
    ),
    ("finding-revisions", "get"): Row("review", SEE_APPLICATION),
    ("timeline", "get"): Row("review", SEE_APPLICATION),
    # The workbench is the body's own: its certifiers only, everyone else as if it did not exist.
    ("workbench", "get"): Row("review", roles(same(404), (200, 404), same(404), same(404))),
    ("workbench-assign", "post"): Row(
        "review",
        roles(same(404), (200, 404), same(404), same(404)),
        lambda w, o: {"assignee": w.users["certifier"].pk},
    ),
    ("workbench-notes", "post"): Row(
        "review", roles(same(404), (201, 404), same(404), same(404)), lambda w, o: {"text": "Call the chief."}
    ),
    # Everyone reads their own notifications only: the "own" one is the agency staff's.
    ("notification-list", "get"): Row(None, ALL_OK),
    ("notification-read", "post"): Row("notification", roles((200, 404), same(404), same(404), same(404))),
    ("program-list", "get"): Row(None, DOJ_ONLY),
    ("program-list", "post"): Row(None, roles(same(403), same(403), same(403), same(201)), _program),
    ("program-detail", "get"): Row("program", DOJ_ONLY),
    ("program-detail", "patch"): Row(
        "program", roles(same(403), same(403), same(403), same(200)), lambda w, o: {"kind": "formula"}
    ),
    ("program-applicants", "get"): Row("program", DOJ_ONLY),
    ("program-applicants", "post"): Row(
        "program",
        roles(same(403), same(403), same(403), same(201)),
        lambda w, o: {"agency": w.extra["newcomer"].pk, "amount_requested": "125000.00"},
    ),
    ("program-applicants-csv", "get"): Row("program", DOJ_ONLY),
    ("program-applicants-xlsx", "get"): Row("program", DOJ_ONLY),
    ("eligibility-list", "get"): Row(None, roles(same(200), same(403), same(200), same(200))),
    ("eligibility-csv", "get"): Row(None, roles(same(200), same(403), same(200), same(200))),
    ("eligibility-xlsx", "get"): Row(None, roles(same(200), same(403), same(200), same(200))),
    ("eligibility-detail", "get"): Row("agency", SEE_ELIGIBILITY),
    ("eligibility-history", "get"): Row("agency", SEE_ELIGIBILITY),
    # Everyone manages their own tokens only: the "own" token is the agency staff's.
    ("token-list", "get"): Row(None, ALL_OK),
    # A token never issues another: a new one needs a signed-in session (tests/api/test_tokens.py).
    ("token-list", "post"): Row(None, roles(same(403), same(403), same(403), same(403))),
    ("token-detail", "delete"): Row("token", roles((204, 404), same(404), same(404), same(404))),
    # People: DOJ credentialing administrators only; "other" is the administrator's own account.
    ("user-list", "get"): Row(None, ADMIN_ONLY),
    ("user-list", "post"): Row(None, roles(same(403), same(403), same(201), same(403)), _person),
    ("user-detail", "get"): Row("person", ADMIN_ONLY),
    ("user-detail", "patch"): Row(
        "person", roles(same(403), same(403), (200, 403), same(403)), lambda w, o: {"role": "grant_officer"}
    ),
    ("user-deactivate", "post"): Row("person", roles(same(403), same(403), (200, 403), same(403))),
    ("user-reactivate", "post"): Row("person", roles(same(403), same(403), (409, 403), same(403))),
    ("user-send-set-password-link", "post"): Row("person", ADMIN_ONLY),
    ("audit-list", "get"): Row(None, roles(same(403), same(403), same(200), same(403))),
    # A body's lists: its certifiers only; "other" is another body's list.
    ("bulk-list-list", "get"): Row(None, CERTIFIER_ONLY),
    ("bulk-list-list", "post"): Row(
        None,
        roles(same(403), same(201), same(403), same(403)),
        lambda w, o: {"file": list_upload(w.extra["newcomer"].ori)},
        multipart=True,
    ),
    ("bulk-list-detail", "get"): Row("bulk_list", OWN_LIST),
    ("bulk-list-rows", "get"): Row("bulk_list", OWN_LIST),
    ("bulk-list-commit", "post"): Row("bulk_list", OWN_LIST),
    ("annual-report-list", "get"): Row(None, REPORTS),
    ("annual-report-list", "post"): Row(
        None, roles(same(403), same(201), same(403), same(403)), data=_annual_report
    ),
    ("annual-reports-csv", "get"): Row(None, REPORTS),
    ("annual-reports-xlsx", "get"): Row(None, REPORTS),
    ("annual-report-detail", "get"): Row("annual_report", OWN_REPORT),
    ("annual-report-csv", "get"): Row("annual_report", OWN_REPORT),
    ("annual-report-xlsx", "get"): Row("annual_report", OWN_REPORT),
    ("repository-csv", "get"): Row(None, DOJ_ONLY),
    ("repository-xlsx", "get"): Row(None, DOJ_ONLY),
    ("repository-json", "get"): Row(None, DOJ_ONLY),
    # Sec. 3: agency staff their own agency's; DOJ administrators read all and correct a status.
    ("sec3-record-list", "get"): Row(None, SEC3_READ),
    ("sec3-record-list", "post"): Row(None, STAFF_CREATES, _record),
    ("sec3-record-detail", "get"): Row("sec3_record", roles((200, 404), same(404), same(200), same(404))),
    ("sec3-record-correct-status", "post"): Row(
        "sec3_record",
        roles((403, 404), same(404), same(200), same(404)),
        lambda w, o: {"process_status": "overturned", "reason": "Court order 12-3."},
    ),
    ("sec3-report-list", "get"): Row(None, SEC3_READ),
    ("sec3-report-list", "post"): Row(None, STAFF_CREATES, _report),
    ("hiring-check-list", "get"): Row(None, SEC3_READ),
    ("hiring-check-list", "post"): Row(
        None,
        STAFF_CREATES,
        lambda w, o: {
            "candidate_name": "Jordan Smith",
            "date_of_birth": "1984-09-12",
            "purpose": "patrol hire",
        },
    ),
    # Sec. 4: agency staff keep their own agency's programs; both DOJ roles read all; certifiers see none.
    ("sec4-program-list", "get"): Row(None, SEC4_READ),
    ("sec4-program-list", "post"): Row(None, roles(same(201), same(404), same(403), same(403)), _sec4),
    ("sec4-program-detail", "get"): Row("sec4_program", SEC4_READ_ONE),
    ("sec4-program-detail", "put"): Row("sec4_program", SEC4_KEEP, _sec4_change),
    ("sec4-program-versions", "get"): Row("sec4_program", SEC4_READ_ONE),
    ("sec4-program-figures", "get"): Row("sec4_program", SEC4_READ_ONE),
    ("sec4-program-figures", "post"): Row(
        "sec4_program", roles((201, 404), same(404), same(403), same(403)), _sec4_figures
    ),
    ("schema", "get"): Row(None, ALL_OK),
    ("swagger-ui", "get"): Row(None, ALL_OK, anonymous=302),
    ("redoc", "get"): Row(None, ALL_OK, anonymous=302),
    # Anything else under /api/v1/ (an id that is not a number, a typo) is a JSON 404.
    **{
        ("unknown", method): Row("unknown", roles(*[same(404)] * 4))
        for method in ("get", "post", "put", "patch", "delete")
    },
}


def _methods(pattern: URLPattern) -> set[str]:
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions:
        return {method for method in actions if method not in ("head", "options")}
    view_class = callback.view_class  # type: ignore[attr-defined]
    return {m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)}


def api_endpoints() -> set[tuple[str, str]]:
    resolver = next(
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "v1"
    )
    found = set()
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern), f"nested include under /api/v1/: {pattern}"
        assert pattern.name, f"unnamed API route {pattern.pattern}"
        found |= {(pattern.name, method) for method in _methods(pattern)}
    return found


def test_every_api_endpoint_has_a_row_in_the_matrix():
    endpoints = api_endpoints()
    assert endpoints - set(MATRIX) == set(), "endpoints without a row in the permission matrix"
    assert set(MATRIX) - endpoints == set(), "rows for endpoints that do not exist"


def _url(name: str, kind: str | None, obj: Any) -> str:
    if kind is None:
        return reverse(f"v1:{name}")
    if kind == "unknown":
        return reverse(f"v1:{name}", kwargs={"rest": obj})
    if kind.endswith("document"):
        return reverse(f"v1:{name}", kwargs={"application_pk": obj.application_id, "pk": obj.pk})
    if kind == "token":
        return reverse(f"v1:{name}", kwargs={"prefix": obj.token_key})
    if kind == "annual_report":
        return reverse(f"v1:{name}", kwargs={"body_pk": obj.body_id, "year": obj.year})
    if kind in ("standard", "catalogue"):
        return reverse(f"v1:{name}", kwargs={"code": obj.code})
    if name.startswith(("document-", "finding-", "timeline", "workbench")):
        return reverse(f"v1:{name}", kwargs={"application_pk": obj.pk})
    if name.startswith("program-applicants"):
        return reverse(f"v1:{name}", kwargs={"program_pk": obj.pk})
    if name.startswith("eligibility-"):
        return reverse(f"v1:{name}", kwargs={"agency_pk": obj.pk})
    return reverse(f"v1:{name}", kwargs={"pk": obj.pk})


class _Undo(Exception):
    def __init__(self, response):
        self.response = response


def _call(world: World, role: str | None, method: str, url: str, row: Row, obj: Any):
    """One request, undone afterwards so that every cell starts from the same world."""
    client = world.client(role)
    data = row.data(world, obj) if row.data else None
    try:
        with transaction.atomic():
            if row.multipart:
                response = client.generic(method.upper(), url) if data is None else client.post(url, data)
            else:
                response = getattr(client, method)(url, data, format="json")
            raise _Undo(response)
    except _Undo as undo:
        return undo.response


@pytest.mark.parametrize(("name", "method"), sorted(MATRIX), ids=lambda v: str(v))
def test_matrix_row(world, name, method):
    row = MATRIX[(name, method)]
    own, other = world.objects[row.kind] if row.kind else (None, None)
    failures = []
    anonymous = _call(world, None, method, _url(name, row.kind, own), row, own)
    if anonymous.status_code != row.anonymous:
        failures.append(f"anonymous: expected {row.anonymous}, got {anonymous.status_code}")
    for role in ROLES:
        for which, obj, expected in (
            ("own", own, row.expect[role][0]),
            ("other", other, row.expect[role][1]),
        ):
            response = _call(world, role, method, _url(name, row.kind, obj), row, obj)
            if response.status_code != expected:
                body = getattr(response, "data", None)
                failures.append(f"{role}/{which}: expected {expected}, got {response.status_code} {body}")
            elif expected >= 400 and response.get("Content-Type", "").startswith("application/json"):
                assert response.json()["detail"], "a refusal says why"
    assert not failures, "\n".join(failures)


def test_matrix_size_is_reported(capsys):
    cells = len(MATRIX) * (len(ROLES) * 2 + 1)
    with capsys.disabled():
        print(
            f"\npermission matrix: {len(MATRIX)} endpoints x "
            f"({len(ROLES)} roles x 2 objects + anonymous) = {cells} cells"
        )
    assert cells > 300
