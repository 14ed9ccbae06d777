"""Layout on real screens: nothing scrolls sideways at 360 px, the header is one row at 1280 px
and compact with a working menu button on a phone.

The pages are those of the README's page table (visitors, planners logged in, editors, API
docs, operators), each checked with axe at phone width too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from planner import services
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    axe_failures,
    log_in,
    new_page,
    open_page,
)
from tests.browser.test_journeys import MLT
from tests.planner.factories import ca_answers

NARROW = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}

# The README's page table, visitors' row (plus one page of each detail kind it links to).
VISITOR_PAGES = [
    "/",
    "/roles/",
    f"/roles/{MLT}/",
    "/roles/compare/",
    "/roles/compare/?a=phlebotomy-technician&b=medical-laboratory-scientist",
    "/certifications/",
    "/certifications/mlt-ascp/",
    "/certifications/compare/",
    "/licensure/",
    "/licensure/CA/",
    "/licensure/compare/?a=CA&b=TX&role=medical-laboratory-scientist",
    "/outlook/",
    "/faq/",
    "/guides/",
    "/search/?q=phlebotomy",
    "/accounts/signup/",
    "/accounts/login/",
]
API_AND_OPERATOR_PAGES = ["/api/docs/", "/api/redoc/", "/healthz", "/livez"]
# Pages of other people's software: checked for width, not for axe (Swagger UI, ReDoc and the
# Django admin are vendored as they are).
NOT_OURS = ("/api/", "/admin/", "/healthz", "/livez")


def width_overflow(page: Any) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def widest_elements(page: Any) -> list[str]:
    """The elements that stick out past the right edge, to say what to fix."""
    return page.evaluate(
        """() => {
            const limit = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > limit + 1 && r.width > 0) {
                    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
                    if (!parent || parent.right <= limit + 1) {
                        out.push(`${el.tagName.toLowerCase()}.${el.className || ''} right=${Math.round(r.right)}`);
                    }
                }
            }
            return out.slice(0, 6);
        }"""
    )


def check_pages(page: Any, base: str, paths: list[str], *, axe: bool) -> list[str]:
    failures = []
    for path in paths:
        open_page(page, f"{base}{path}", where=path)
        page.wait_for_load_state("networkidle")
        overflow = width_overflow(page)
        if overflow > 0:
            failures.append(
                f"{path}: {overflow}px wider than a 360px screen; "
                f"sticking out: {widest_elements(page)}"
            )
        if axe and not path.startswith(NOT_OURS):
            failures += axe_failures(page, f"{path} at 360px")
    return failures


@pytest.fixture
def narrow_page(browser: Any) -> Any:
    with new_page(browser, viewport=NARROW) as page:
        yield page


@pytest.fixture
def plan(planner_user: Any) -> Any:
    return services.create_plan(
        owner=planner_user,
        answers=ca_answers(),
    )


def test_no_public_page_scrolls_sideways_at_360px(narrow_page, url):
    failures = check_pages(
        narrow_page, url(""), VISITOR_PAGES + API_AND_OPERATOR_PAGES, axe=True
    )
    assert not failures, "\n\n".join(failures)


def test_no_planner_or_editor_page_scrolls_sideways_at_360px(
    narrow_page, url, plan, editor
):
    base = url("")
    log_in(narrow_page, base, plan.owner.email)
    planner_pages = [
        "/plan/start/",
        "/plan/",
        f"/plan/{plan.pk}/",
        f"/plan/{plan.pk}/edit/",
        f"/plan/{plan.pk}/print/",
        f"/plan/{plan.pk}/what-if/?state=TX",
        "/accounts/",
        "/accounts/delete/",
        # Public pages look different when logged in (the header), so check some again.
        "/",
        "/roles/compare/",
        "/licensure/compare/?a=CA&b=TX&role=medical-laboratory-scientist",
    ]
    failures = check_pages(narrow_page, base, planner_pages, axe=True)
    narrow_page.context.clear_cookies()
    narrow_page.goto(f"{base}/admin/login/")
    narrow_page.get_by_label(re.compile(r"^Email", re.I)).fill(editor.email)
    narrow_page.get_by_label(re.compile(r"^Password", re.I)).fill(DEFAULT_PASSWORD)
    narrow_page.get_by_role("button", name="Log in").click()
    narrow_page.wait_for_load_state()
    failures += check_pages(
        narrow_page, base, ["/admin/", "/admin/content/role/"], axe=False
    )
    assert not failures, "\n\n".join(failures)


def header_rows(page: Any) -> dict[str, Any]:
    """The header's height and the top of each visible item in its row."""
    return page.evaluate(
        """() => {
            const header = document.querySelector('.site-header');
            const items = [...document.querySelectorAll(
                '.brand, .header-quick, .nav-list > li, .header-search')]
                .filter(el => el.getBoundingClientRect().width > 0);
            return {
                height: header.getBoundingClientRect().height,
                tops: items.map(el => Math.round(el.getBoundingClientRect().top)),
                bottoms: items.map(el => Math.round(el.getBoundingClientRect().bottom)),
                lefts: items.map(el => Math.round(el.getBoundingClientRect().left)),
                rights: items.map(el => Math.round(el.getBoundingClientRect().right)),
                names: items.map(el => el.textContent.trim().slice(0, 20)),
            };
        }"""
    )


def assert_one_row(rows: dict[str, Any], where: str) -> None:
    # One row: every item starts above the point where the first one ends.
    first_bottom = min(rows["bottoms"])
    assert all(top < first_bottom for top in rows["tops"]), (where, rows)
    assert rows["height"] <= 80, (where, rows)


def assert_side_by_side(rows: dict[str, Any], where: str) -> None:
    # Left to right with no overlap (the search box never covers the last links).
    pairs = zip(rows["rights"], rows["lefts"][1:], strict=False)
    assert all(right <= next_left + 1 for right, next_left in pairs), (where, rows)


# The narrowest width that still gets the one-row header (below it the phone menu takes over).
NARROW_DESKTOP = {"width": 1060, "height": 800}


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW_DESKTOP], ids=["1280", "1060"])
def test_header_is_one_row_on_a_desktop_logged_out_and_in(
    browser, url, planner_user, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    base = url("")
    for path in ("/", "/licensure/CA/"):
        page.goto(f"{base}{path}")
        rows = header_rows(page)
        # brand, five topics, log in, sign up, search
        assert len(rows["tops"]) >= 9, rows
        assert_one_row(rows, f"{path} logged out")
        assert_side_by_side(rows, f"{path} logged out")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    log_in(page, base, planner_user.email)
    for path in ("/", "/plan/", "/accounts/"):
        page.goto(f"{base}{path}")
        rows = header_rows(page)
        # brand, five topics, my plan, account, search
        assert len(rows["tops"]) >= 9, rows
        assert_one_row(rows, f"{path} logged in")
        assert_side_by_side(rows, f"{path} logged in")
    context.close()


def test_phone_header_is_compact_with_a_menu_button(browser, url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url("/"))
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] <= 72
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    # The main call to action stays in the compact row.
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Licensure")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search CareerPath")).to_be_visible()
    assert width_overflow(page) <= 0
    assert_accessible(page, "/ with the menu open")

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(nav).to_be_hidden()

    menu.click()
    nav.get_by_role("link", name="Licensure").click()
    expect(page).to_have_url(re.compile(r"/licensure/$"))
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    context.close()


def test_phone_menu_is_shown_without_javascript(browser, url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(url("/"))
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Licensure")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search CareerPath")).to_be_visible()
    assert width_overflow(page) <= 0
    context.close()


def test_ladder_names_every_role_in_full_with_levels_and_a_table(page, url):
    page.set_viewport_size(DESKTOP)
    page.goto(url("/"))
    ladder = page.locator(".ladder")
    levels = ladder.get_by_role("heading", level=3)
    expect(levels.first).to_contain_text("Level 1")
    # Full titles, never the bare short forms.
    cards = ladder.get_by_role("heading", level=4)
    titles = cards.all_inner_texts()
    assert "Phlebotomy Technician" in titles, titles
    assert any(t.startswith("Medical Laboratory Technician") for t in titles), titles
    for short in ("BB", "CT", "HT", "MB", "MLT", "MLS"):
        assert short not in titles, titles
    # Cards of one level sit side by side and centered, and no two cards overlap.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.ladder-role')].map(el => {
            const r = el.getBoundingClientRect();
            return {x: r.x, y: r.y, r: r.right, b: r.bottom};
        })"""
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = (
                a["x"] < b["r"]
                and b["x"] < a["r"]
                and a["y"] < b["b"]
                and b["y"] < a["b"]
            )
            assert not overlap, (a, b)
    centers = page.evaluate(
        """() => [...document.querySelectorAll('.ladder-roles')].map(ul => {
            const kids = [...ul.children].map(li => li.getBoundingClientRect());
            const box = ul.getBoundingClientRect();
            const left = Math.min(...kids.map(k => k.left)) - box.left;
            const right = box.right - Math.max(...kids.map(k => k.right));
            return Math.abs(left - right);
        })"""
    )
    assert all(gap <= 2 for gap in centers), centers
    # Keyboard: the role links are reachable and named by the full title.
    link = ladder.get_by_role(
        "link", name=re.compile(r"^Medical Laboratory Technician")
    )
    link.first.focus()
    expect(link.first).to_be_focused()
    # The table alternative repeats the ladder.
    page.get_by_text("Show the career ladder as a table").click()
    table = page.get_by_role("table", name=re.compile(r"Career ladder by level"))
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(len(titles) + 1)
