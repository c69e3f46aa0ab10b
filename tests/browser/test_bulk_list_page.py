"""A body's bulk list in a real browser at desktop and phone widths: upload, the preview with every
refused row's reason, the commit; the national repository's page; axe-core at every impact level."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from credentialing.dates import today
from tests.factories import AgencyFactory, BodyFactory, CertifierFactory, GrantOfficerFactory

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def list_file(tmp_path):
    body = BodyFactory(name="California POST Accreditation", states_served=["CA"])
    CertifierFactory(credentialing_body=body, username="lister")
    GrantOfficerFactory(username="officer")
    determined = (today() - timedelta(days=90)).isoformat()
    rows = [
        f"{AgencyFactory(state='CA', name=name, ori=f'CA07{n}0000').ori},{determined},POST-{n}"
        for n, name in enumerate(["Riverbend Police Department", "Lakeside Sheriff's Office"])
    ]
    rows += [
        f"{AgencyFactory(state='NV', name='Reno Police', ori='NV0710000').ori},{determined},POST-7",
        f"CA0999999,{determined},POST-8",
        f"CA0700000,{determined},POST-0",
        # Rows the file itself makes unusable: refused on their own, the rest of the list kept.
        f",{determined},POST-9",
        "CA0700001,31.12.2024,POST-10",
        f"CA0700002,{determined},=HYPERLINK(1)",
    ]
    path = tmp_path / "post-accreditations.csv"
    path.write_text("ORI,determination date,reference\r\n" + "\r\n".join(rows) + "\r\n")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_bulk_list_preview_and_commit(page: Page, live_server, list_file, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    sign_in(page, base, "lister")
    page.goto(f"{base}/lists/")
    assert_no_violations(page, f"bulk lists ({width})")
    page.locator("input[type=file]").set_input_files(str(list_file))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="List post-accreditations")).to_be_visible()
    expect(page.get_by_text("Unknown ORI: no agency has the ORI CA0999999.")).to_be_visible()
    expect(page.get_by_text("does not credential agencies in Nevada")).to_be_visible()
    expect(page.get_by_text("Row 7, column A (ORI) is empty.")).to_be_visible()
    kinds = page.get_by_role("table", name="Refused rows by kind of reason")
    expect(kinds).to_be_visible()
    expect(kinds.locator("tbody tr")).to_have_count(6)
    page.screenshot(path=str(screenshots_dir / f"bulk-list-preview-{width}.png"), full_page=True)
    assert_no_violations(page, f"bulk list preview ({width})")
    kinds.locator("a[data-kind=formula]").click()
    expect(page.get_by_text("Row 9, column C (reference) holds a formula")).to_be_visible()
    expect(page.locator("table.usa-table--stacked tbody tr")).to_have_count(1)
    page.screenshot(path=str(screenshots_dir / f"bulk-list-refused-formula-{width}.png"), full_page=True)
    assert_no_violations(page, f"bulk list rows of one kind ({width})")
    page.get_by_role("link", name="every row", exact=True).click()

    page.get_by_role("button", name="Approve the 2 ready agencies").click()
    expect(page.locator("#id_accept_refusals-error")).to_contain_text("Confirm that only the 2 ready rows")
    page.locator("label[for=id_accept_refusals]").click()
    page.get_by_role("button", name="Approve the 2 ready agencies").click()
    expect(page.get_by_text("2 agencies approved", exact=False).first).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"bulk-list-committed-{width}.png"), full_page=True)
    assert_no_violations(page, f"bulk list committed ({width})")


@pytest.mark.parametrize("width", WIDTHS)
def test_repository_page(page: Page, live_server, list_file, screenshots_dir, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = live_server.url
    sign_in(page, base, "officer")
    page.goto(f"{base}/repository/")
    expect(page.get_by_role("heading", name="National repository")).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"repository-{width}.png"), full_page=True)
    assert_no_violations(page, f"national repository ({width})")
    later = today() + timedelta(days=30)
    page.goto(f"{base}/repository/?on={later.isoformat()}")
    expect(page.get_by_text(f"{later.isoformat()} is after today", exact=False).first).to_be_visible()
    page.screenshot(path=str(screenshots_dir / f"repository-future-day-{width}.png"), full_page=True)
    assert_no_violations(page, f"national repository, a day after today ({width})")
