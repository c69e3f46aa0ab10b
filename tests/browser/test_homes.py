"""Each role's home and header in a real browser at desktop and phone widths: the header's entries on one
line at 1280 px, the USWDS mobile menu at 375 px, every submenu opened; screenshots and axe-core scans of
each state."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from web.navigation import HOME_BY_ROLE, PUBLIC_HOME

from .axe import assert_no_violations
from .test_journeys import sign_in
from .test_lists import WIDTHS
from .test_reachability import ROLES, product  # noqa: F401  (the same people and objects)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_home_and_header(page: Page, live_server, product, screenshots_dir, role, width):  # noqa: F811
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    user = product.get(role)
    if user is not None:
        sign_in(page, live_server.url, user.username)
        page.goto(live_server.url + reverse(HOME_BY_ROLE[user.role]))
    else:
        page.goto(live_server.url + reverse(PUBLIC_HOME))
    nav = page.locator("nav.usa-nav")
    entries = nav.locator(".usa-nav__primary > .usa-nav__primary-item")
    assert 1 <= entries.count() <= 6
    shot = f"home-{role}-{width}"
    page.screenshot(path=str(screenshots_dir / f"{shot}.png"), full_page=True)
    no_sideways_scroll(page)
    assert_no_violations(page, f"home of {role} ({width})")
    if width == "desktop":
        # every top-level entry on the header's one line
        tops = {round(entries.nth(n).bounding_box()["y"]) for n in range(entries.count())}
        assert len(tops) == 1, f"{role}: the header's entries wrap onto {len(tops)} lines"
    else:
        expect(nav).to_be_hidden()
        page.get_by_role("button", name="Menu").click()
        expect(nav).to_be_visible()
        page.screenshot(path=str(screenshots_dir / f"{shot}-menu.png"))
        assert_no_violations(page, f"home of {role}, menu open ({width})")
    menus = nav.locator("button.usa-accordion__button")
    for n in range(menus.count()):
        menu = menus.nth(n)
        menu.click()
        submenu = page.locator(f"#{menu.get_attribute('aria-controls')}")
        expect(submenu).to_be_visible()
        links = submenu.get_by_role("link")
        for m in range(links.count()):
            expect(links.nth(m)).to_be_visible()
        page.screenshot(path=str(screenshots_dir / f"{shot}-submenu-{n + 1}.png"))
        assert_no_violations(page, f"home of {role}, submenu {n + 1} open ({width})")
        menu.click()
        expect(submenu).to_be_hidden()
