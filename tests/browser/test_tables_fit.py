"""Every list in the product fits its page, at desktop and phone widths: no word of a cell broken across
lines, codes and dates whole, tags on one line, nothing cut off or pushing the page sideways outside a
scrollable table container; every chart label renders at 12 px or more. Run over the demo data set (long
real names, every state of every kind of row), each page as the role that uses it, with a screenshot and
an axe-core scan at every impact level."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.mfa.selectors import authenticator, usable_code
from accounts.models import User
from credentialing.models import CredentialApplication, CredentialingBody
from demo.management.commands.load_demo import DEMO_PASSWORD
from grants.models import GrantProgram
from reporting.models import AnnualReport, BulkList

from .axe import assert_no_violations
from .fit import chart_label_sizes, misfits
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN_LABEL_PX = 12  # chart labels a person can read, at desktop and phone widths


def demo_sign_in(page: Page, base: str, username: str) -> None:
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    device = authenticator(User.objects.get(username=username))
    if device is not None:
        page.get_by_label("Code").fill(usable_code(device))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def list_pages() -> list[tuple[str | None, list[str]]]:
    """The pages holding a list or table, by the demo user who reads them (None: signed out)."""
    program = GrantProgram.objects.order_by("pk").first()
    body = CredentialingBody.objects.order_by("pk").first()
    application = CredentialApplication.objects.exclude(status="draft").order_by("pk").first()
    report = AnnualReport.objects.order_by("pk").first()
    bulk_list = BulkList.objects.order_by("pk").first()
    person = User.objects.get(username="riverbend")
    assert program and body and application and report and bulk_list
    agency = application.agency_id
    certifier = User.objects.filter(credentialing_body=bulk_list.body).order_by("pk").first()
    reporter = User.objects.filter(credentialing_body=report.body).order_by("pk").first()
    assert certifier and reporter
    return [
        (None, ["/credentialed/", "/credentialed/TX/", "/credentialed/data-dictionary/", "/figures/"]),
        ("riverbend", ["/agency/", "/sec3/records/", "/sec3/reports/", "/sec4/programs/", "/notifications/"]),
        (certifier.username, ["/", "/queue/", "/lists/", f"/lists/{bulk_list.pk}/", "/notifications/"]),
        (reporter.username, ["/annual-reports/", f"/annual-reports/{report.year}/"]),
        (
            "doj.admin",
            [
                "/bodies/",
                f"/bodies/{body.pk}/",
                "/standards/",
                "/agencies/",
                f"/agencies/{agency}/",
                f"/applications/{application.pk}/",
                "/",
                "/audit/",
                "/sec4/programs/",
                "/people/",
                f"/people/{person.pk}/",
                "/eligibility/",
                "/overview/",
                "/annual-reports/all/",
                "/repository/",
                "/sec3/records/",
                "/sec3/checks/",
                "/notifications/undelivered/",
            ],
        ),
        (
            "grant.officer",
            [
                "/",
                "/programs/",
                f"/programs/{program.pk}/dashboard/",
                f"/programs/{program.pk}/applicants/",
                "/eligibility/?eligible=no",
            ],
        ),
    ]


def test_every_list_fits_at_desktop_and_phone_widths(page: Page, live_server, settings, screenshots_dir):
    settings.DEBUG = True  # the demo loads only with DEBUG on
    call_command("load_demo", stdout=StringIO())
    base = live_server.url
    findings: list[str] = []
    checked = labels = 0
    pages = list_pages()
    for username, paths in pages:
        page.context.clear_cookies()
        if username:
            demo_sign_in(page, base, username)
        for path in paths:
            for width, pixels in WIDTHS.items():
                page.set_viewport_size({"width": pixels, "height": 900})
                response = page.goto(f"{base}{path}")
                assert response is not None and response.ok, (
                    f"{path} as {username}: {response and response.status}"
                )
                name = f"fit-{username or 'public'}{path.replace('/', '-').replace('?', '-')}{width}"
                page.screenshot(path=str(screenshots_dir / f"{name}.png"), full_page=True)
                where = f"{path} as {username or 'the public'} at {pixels} px"
                findings += [f"{where}: {f}" for f in misfits(page)]
                sizes = chart_label_sizes(page)
                findings += [
                    f"{where}: chart label {label['text']!r} renders at {label['px']:.1f} px"
                    for label in sizes
                    if label["px"] < MIN_LABEL_PX
                ]
                labels += len(sizes)
                assert_no_violations(page, f"{path} as {username or 'the public'} ({width})")
                checked += 1
    assert checked >= 60 and labels > 500  # three maps, the trend and the records chart, two widths
    assert not findings, "\n".join(findings)


def test_the_check_finds_a_broken_word_a_wrapped_tag_and_a_cut_cell(page: Page):
    """The check itself: a squeezed table that breaks a word, wraps a tag and clips a cell is reported."""
    page.set_viewport_size({"width": 375, "height": 600})
    page.set_content(
        '<main><table><tr><td style="width:3rem;overflow-wrap:anywhere">University</td>'
        '<td><span class="usa-tag" style="display:inline-block;width:2rem">Not eligible</span></td>'
        '<td><div style="width:3rem;overflow:hidden;white-space:nowrap">Waiting longest</div></td>'
        "</tr></table></main>"
    )
    found = " ".join(misfits(page))
    assert '"University" is broken' in found
    assert '"Not eligible" wraps' in found
    assert '"Waiting longest" is cut off' in found
