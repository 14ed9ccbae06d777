"""axe-core (WCAG 2.0/2.1 A and AA rules) on every key page, plus a visible-focus check.

axe is vendored in tests/browser/vendor (test-only, never served) and injected into each page.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import (
    PHONE,
    assert_accessible,
    axe_failures,
    log_in,
    needs_paths,
    open_page,
)
from tests.browser.test_journeys import MLT, answer_onboarding

PUBLIC_PAGES = [
    "/",
    "/roles/",
    f"/roles/{MLT}/",
    "/roles/compare/",
    "/certifications/",
    "/certifications/mlt-ascp/",
    "/licensure/",
    "/licensure/?role=phlebotomy-technician",
    "/licensure/CA/",
    "/licensure/NY/",
    "/licensure/TX/",
    "/licensure/compare/?a=CA&b=TX&role=medical-laboratory-scientist",
    "/licensure/compare/?a=FL&b=NV&role=phlebotomy-technician",
    "/outlook/",
    "/outlook/?state=NY",
    "/roles/phlebotomy-technician/",
    "/certifications/compare/",
    "/faq/",
    "/guides/",
    "/search/?q=phlebotomy",
    "/search/?q=how+long+does+it+take+to+become+an+MLT",
    "/search/?q=zzzz-no-such-thing",
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/plan/start/",  # onboarding is open to visitors
    "/no-such-page/",
]


def test_axe_finds_nothing_on_public_pages(page, url):
    failures = []
    for path in PUBLIC_PAGES:
        expected = 404 if path == "/no-such-page/" else 200
        open_page(page, url(path), where=path, status=expected)
        failures += axe_failures(page, path)
    assert not failures, "\n\n".join(failures)


def test_axe_finds_nothing_on_phone_sized_public_pages(phone_page, url):
    needs_paths("/", "/licensure/", "/outlook/")
    failures = []
    for path in (
        "/",
        "/licensure/",
        "/licensure/CA/",
        "/licensure/compare/",
        "/outlook/",
        f"/roles/{MLT}/",
        "/roles/compare/",
    ):
        phone_page.goto(url(path))
        failures += axe_failures(phone_page, f"{path} at {PHONE}")
    assert not failures, "\n\n".join(failures)


def test_axe_finds_nothing_on_onboarding_dashboard_and_account(page, url, planner_user):
    needs_paths("/plan/", "/plan/start/", "/accounts/", "/plan/1/")
    base = url("")
    log_in(page, base, planner_user.email)
    failures = []

    def check(where: str) -> None:
        failures.extend(axe_failures(page, where))

    page.goto(f"{base}/plan/")
    check("/plan/ (no plan yet)")

    # Every onboarding step, then an error state (Next with nothing chosen).
    page.goto(f"{base}/plan/start/")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    check("/plan/start/ step 1 with an error")

    steps_checked: list[str] = []

    def check_step() -> None:
        label = page.locator("#step-count").inner_text()
        steps_checked.append(label)
        check(f"onboarding {label}")

    answer_onboarding(page, base, before_each_step=check_step)
    assert len(steps_checked) == 7, steps_checked
    check("plan dashboard")
    plan_url = page.url.split("#")[0]
    for suffix in ("edit/", "print/", "delete/", "what-if/?state=TX"):
        open_page(page, f"{plan_url}{suffix}", where=f"plan {suffix}")
        check(f"plan {suffix}")
    page.goto(f"{base}/plan/")
    check("/plan/ with a plan")
    page.goto(f"{base}/accounts/")
    check("/accounts/")
    page.goto(f"{base}/accounts/delete/")
    check("/accounts/delete/")
    assert not failures, "\n\n".join(failures)


def test_focus_is_visible_on_links(page, url):
    needs_paths("/")
    page.goto(url("/"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, text: el.textContent.trim(),
                    outline: style.outlineStyle, width: style.outlineWidth,
                    shadow: style.boxShadow};
        }"""
    )
    # The first Tab lands on the skip link, which becomes visible.
    assert focused["tag"] == "A"
    assert re.search("skip", focused["text"], re.I)
    expect(page.get_by_role("link", name="Skip to main content")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, outline: style.outlineStyle,
                    width: parseFloat(style.outlineWidth), shadow: style.boxShadow};
        }"""
    )
    assert focused["tag"] == "A"
    visible = (focused["outline"] != "none" and focused["width"] > 0) or (
        focused["shadow"] not in ("", "none")
    )
    assert visible, f"focused link has no visible focus indicator: {focused}"


def test_home_page_is_accessible(page, url):
    """A fast smoke check that the axe harness itself works (runs before the content lands)."""
    page.goto(url("/"))
    assert_accessible(page, "/")
