"""The Spanish pages in a browser: axe finds nothing, and the header's language switcher
works from the keyboard, without JavaScript, and keeps the reader on the same page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible, axe_failures, open_page
from tests.browser.test_journeys import MLT
from tests.browser.test_layout import (
    DESKTOP,
    NARROW_DESKTOP,
    assert_one_row,
    assert_side_by_side,
    header_rows,
    widest_elements,
    width_overflow,
)

SPANISH_PAGES = [
    "/es/",
    "/es/roles/",
    f"/es/roles/{MLT}/",
    "/es/licensure/",
    "/es/licensure/CA/",
    "/es/outlook/",
    "/es/faq/",
    "/es/search/?q=flebotom%C3%ADa",
    "/es/accounts/signup/",
    "/es/plan/start/",
]


def test_axe_finds_nothing_on_spanish_pages(page, url):
    failures = []
    for path in SPANISH_PAGES:
        open_page(page, url(path), where=path)
        assert page.locator("html").get_attribute("lang") == "es"
        failures += axe_failures(page, path)
    assert not failures, "\n\n".join(failures)


def test_axe_finds_nothing_on_a_phone_sized_spanish_page(phone_page, url):
    phone_page.goto(url("/es/licensure/CA/"))
    assert_accessible(phone_page, "/es/licensure/CA/ (phone)")


def test_the_switcher_works_from_the_keyboard_and_keeps_the_page(page, url):
    page.goto(url("/licensure/CA/"))
    switch = page.get_by_role("button", name="Español")
    switch.focus()
    expect(switch).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(url("/es/licensure/CA/"))
    assert page.locator("html").get_attribute("lang") == "es"
    back = page.get_by_role("button", name="English")
    back.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(url("/licensure/CA/"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_switcher_works_without_javascript(browser, url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(url("/faq/"))
        page.get_by_role("button", name="Español").click()
        page.wait_for_url(url("/es/faq/"))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Preguntas frecuentes"
        )
    finally:
        context.close()


def test_a_spanish_browser_gets_spanish_on_its_first_visit(browser, url):
    context = browser.new_context(locale="es-MX")
    try:
        page = context.new_page()
        page.goto(url("/roles/"))
        assert page.url == url("/es/roles/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Puestos de laboratorio"
        )
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW_DESKTOP], ids=["1280", "1060"])
def test_the_spanish_header_is_one_row_on_a_desktop(browser, url, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        for path in ("/", "/licensure/CA/", "/es/", "/es/licensure/CA/"):
            page.goto(url(path))
            rows = header_rows(page)
            # brand, five topics, log in, sign up, search
            assert len(rows["tops"]) >= 9, rows
            assert_one_row(rows, path)
            assert_side_by_side(rows, path)
            # ... and the language button, last in the same row.
            switcher = page.locator(".language-switcher").bounding_box()
            assert switcher is not None
            assert switcher["y"] < min(rows["bottoms"]), (path, switcher, rows)
            assert switcher["x"] >= max(rows["rights"]) - 1, (path, switcher, rows)
            assert width_overflow(page) <= 0, (path, widest_elements(page))
    finally:
        context.close()


def test_the_spanish_phone_header_is_compact(browser, url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url("/es/"))
        assert page.locator(".site-header").bounding_box()["height"] <= 72
        menu = page.get_by_role("button", name="Menú")
        menu.click()
        expect(page.get_by_role("button", name="English")).to_be_visible()
        assert width_overflow(page) <= 0
    finally:
        context.close()
