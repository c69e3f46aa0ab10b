"""The hiring check and the public figures in a real browser at desktop and phone widths, axe-clean at
every impact level, with no Content Security Policy violation."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from records.models import ProcessStatus, RecordKind, UseOfForceRecord
from tests.factories import AgencyFactory, AgencyStaffFactory, RecordFactory

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def some_records() -> None:
    agencies = [
        AgencyFactory(state=state, sworn_officers=size)
        for state, size in (("WA", 30), ("TX", 300), ("CA", 8))
    ]
    kinds = list(RecordKind.values)
    for n in range(140):
        RecordFactory(
            agency=agencies[n % 3],
            kind=kinds[n % 5] if n % 4 else RecordKind.TERMINATION,
            action_date=date(2021 + n % 5, 1 + n % 12, 5),
            process_status=ProcessStatus.FINAL if n % 9 else ProcessStatus.UNDER_APPEAL,
        )
    RecordFactory(
        agency=agencies[0],
        officer_name="Jordan Alexander Smith",
        date_of_birth=date(1984, 9, 12),
        kind=RecordKind.DECERTIFICATION,
        action_date=date(2024, 3, 9),
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_hiring_check_page(page: Page, live_server, screenshots_dir, csp_errors, width):
    some_records()
    AgencyStaffFactory(username="checker", agency=AgencyFactory(state="OR"))
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, live_server.url, "checker")
    page.goto(f"{live_server.url}/sec3/check/")
    expect(page.get_by_role("heading", name="Hiring check", level=1)).to_be_visible()
    page.get_by_label("Candidate's full name").fill("Jordan Smith")
    page.get_by_label("Date of birth").fill("1984-09-12")
    page.get_by_label("Purpose of the check").fill("Pre-employment check, patrol officer")
    page.get_by_role("button", name="Check the candidate").click()
    expect(page.locator("p[role=status]")).to_contain_text("1 possible match")
    expect(page.get_by_role("table", name="Possible matches")).to_contain_text("De-certification")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.screenshot(path=str(screenshots_dir / f"sec3-hiring-check-{width}.png"), full_page=True)
    assert_no_violations(page, f"hiring check ({width})")
    assert not csp_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_public_figures_page(page: Page, live_server, screenshots_dir, csp_errors, width):
    some_records()
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(f"{live_server.url}/figures/")
    expect(page.get_by_role("heading", name="Use-of-force records: public figures")).to_be_visible()
    expect(page.get_by_role("img", name="Final records per year of the action")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"sec3-public-figures-{width}.png"), full_page=True)
    assert_no_violations(page, f"public figures ({width})")
    assert not csp_errors


def a_record_and_a_report(staff) -> tuple[int, int]:
    from django.utils import timezone

    from records.quarters import last_complete
    from records.services.records import create_record
    from records.services.reports import submit_report

    last = last_complete(timezone.localdate())
    record = create_record(
        actor=staff,
        agency=staff.agency,
        officer_name="Jordan Alexander Smith",
        date_of_birth=date(1984, 9, 12),
        certificate_number="WA-55120",
        kind=RecordKind.CIVIL_JUDGMENT,
        action_date=last.start,
        process_status=ProcessStatus.UNDER_APPEAL,
    )
    report = submit_report(
        actor=staff,
        agency=staff.agency,
        quarter=last,
        zero=False,
        signed_by_name="Pat Example",
        signed_by_title="Chief of Police",
    )
    return record.pk, report.pk


def look(page: Page, screenshots_dir, name: str, width: str) -> None:
    """Every state of a page: nothing wider than the screen, axe-clean, a screenshot to look at."""
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), name
    page.screenshot(path=str(screenshots_dir / f"sec3-{name}-{width}.png"), full_page=True)
    assert_no_violations(page, f"{name} ({width})")


def shows_the_error_summary(page: Page, text: str) -> None:
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(text)


@pytest.mark.parametrize("width", WIDTHS)
def test_revise_attach_amend_and_correct(page: Page, live_server, screenshots_dir, csp_errors, width):
    from tests.factories import PDF_BYTES, DojAdministratorFactory

    staff = AgencyStaffFactory(username="keeper", agency=AgencyFactory(state="WA", name="Lakeside Police"))
    DojAdministratorFactory(username="corrector")
    record, report = a_record_and_a_report(staff)
    base = live_server.url
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, base, "keeper")

    # The record: no document yet, then a refused file, then a PDF.
    page.goto(f"{base}/sec3/records/")
    title = UseOfForceRecord.objects.get(pk=record).title  # "J. Smith — civil judgment ..., 2026"
    assert "civil judgment" in title and "Record" not in title
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text("No supporting document yet.")).to_be_visible()
    look(page, screenshots_dir, "record-empty", width)
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"just words"}
    )
    page.get_by_role("button", name="Attach the document").click()
    shows_the_error_summary(page, "not one of the accepted types")
    look(page, screenshots_dir, "record-error", width)
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": "appeal-order.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Attach the document").click()
    expect(page.get_by_role("link", name="appeal-order.pdf")).to_be_visible()
    look(page, screenshots_dir, "record-filled", width)

    # The revision: the form holds the current version; a future date of birth is refused.
    page.get_by_role("link", name="Revise the record").click()
    expect(page.get_by_label("Officer's full name")).to_have_value("Jordan Alexander Smith")
    expect(page.get_by_label("Officer's date of birth")).to_have_value("09/12/1984")
    look(page, screenshots_dir, "revise-filled", width)
    page.get_by_label("Officer's date of birth").fill("01/01/2099")
    page.get_by_label("Process status").select_option("final")
    page.get_by_label("Reason for the revision").fill("The appeal was dismissed.")
    page.get_by_role("button", name="Save the revision").click()
    shows_the_error_summary(page, "The date of birth is in the future.")
    look(page, screenshots_dir, "revise-error", width)
    page.get_by_label("Officer's date of birth").fill("09/12/1984")
    page.get_by_role("button", name="Save the revision").click()
    expect(page.get_by_role("table", name="Revision history")).to_contain_text("The appeal was dismissed.")

    # The amendment of the quarter's report, signed off again by name.
    page.goto(f"{base}/sec3/reports/")
    page.get_by_role("link", name="Amend the report for").first.click()
    expect(page.get_by_label("Signed off by (name)")).to_have_value("Pat Example")
    look(page, screenshots_dir, "amend-filled", width)
    page.get_by_label("Signed off by (name)").fill("")
    page.get_by_role("button", name="Submit the amendment").click()
    shows_the_error_summary(page, "Enter the name of the person who signs the report off.")
    look(page, screenshots_dir, "amend-error", width)
    page.get_by_label("Signed off by (name)").fill("Sam Deputy")
    page.get_by_label("Title").fill("Deputy Chief")
    page.get_by_label("Reason for the amendment").fill("The record's revision was signed off again.")
    page.get_by_role("button", name="Submit the amendment").click()
    expect(page.get_by_role("status").or_(page.locator(".usa-alert--success")).first).to_contain_text(
        "amended"
    )
    page.goto(f"{base}/sec3/reports/{report}/amend/")
    expect(page.get_by_role("table", name="Versions of the report")).to_contain_text("Sam Deputy")
    look(page, screenshots_dir, "amend-versions", width)

    # A DOJ administrator corrects the status, with a reason.
    page.context.clear_cookies()
    sign_in(page, base, "corrector")
    page.goto(f"{base}/sec3/records/{record}/")
    page.get_by_role("link", name="Correct the status").click()
    look(page, screenshots_dir, "correct-filled", width)
    page.locator("label.usa-radio__label", has_text="Overturned").click()
    page.get_by_role("button", name="Correct the status").click()
    shows_the_error_summary(page, "Enter the reason for the correction.")
    look(page, screenshots_dir, "correct-error", width)
    page.locator("label.usa-radio__label", has_text="Overturned").click()
    page.get_by_label("Reason for the correction").fill("The judgment was vacated on 2026-11-02.")
    page.get_by_role("button", name="Correct the status").click()
    expect(page.get_by_role("table", name="Revision history")).to_contain_text("vacated on 2026-11-02")
    expect(page.locator("dl.summary")).to_contain_text("Overturned")
    look(page, screenshots_dir, "correct-done", width)
    assert not csp_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_applicants_page_says_whether_sec3d_holds(
    page: Page, live_server, screenshots_dir, csp_errors, width
):
    from django.utils import timezone

    from grants.services.eligibility import recompute_eligibility_of
    from records.models import ReportingStatus
    from records.quarters import last_complete
    from tests.factories import GrantApplicantFactory, GrantOfficerFactory, ProgramFactory

    GrantOfficerFactory(username="grants")
    program = ProgramFactory(
        name="Community Policing Development", applies_sec3d=True, sec3d_reporting_from=date(2025, 1, 1)
    )
    reporting = AgencyFactory(name="Reporting Police Department", state="WA")
    silent = AgencyFactory(name="Silent Sheriff's Office", state="WA")
    last = last_complete(timezone.localdate())
    ReportingStatus.objects.create(
        agency=reporting, reported_from=date(2025, 1, 1), reported_through=last.start
    )
    for agency in (reporting, silent):
        GrantApplicantFactory(program=program, agency=agency)
    recompute_eligibility_of(agency_ids=[reporting.pk, silent.pk])
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    sign_in(page, live_server.url, "grants")
    page.goto(f"{live_server.url}/programs/{program.pk}/applicants/")
    table = page.get_by_role("table", name="Applicants of Community Policing Development (page 1 of 1)")
    expect(table).to_contain_text("no Sec. 3 report for")
    expect(table).to_contain_text("Sec. 3 reports submitted for every quarter")
    # the extra column still fits: no sideways scroll of the table or the page
    assert page.eval_on_selector("#applicants-scroll", "e => e.scrollWidth <= e.clientWidth"), width
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.get_by_label("Sec. 3(d) reporting").select_option("no")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#count-total")).to_have_text("1")
    expect(table).not_to_contain_text("Reporting Police Department")
    page.screenshot(path=str(screenshots_dir / f"sec3d-applicants-{width}.png"), full_page=True)
    assert_no_violations(page, f"applicants with Sec. 3(d) ({width})")
    assert not csp_errors
