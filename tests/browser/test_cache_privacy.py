"""What one visitor's browser is shown never reaches another visitor's browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, log_in

SIGNED_OUT = "You have signed out."


def test_sign_out_message_is_shown_to_that_visitor_only(
    browser: Any, url: Callable[[str], str], planner_user: Any
) -> None:
    visitor_a = browser.new_context()
    visitor_b = browser.new_context()
    try:
        page_a = visitor_a.new_page()
        page_a.set_default_timeout(TIMEOUT_MS)
        log_in(page_a, url(""), planner_user.email)
        page_a.goto(url("/accounts/logout/"))
        page_a.get_by_role("button", name="Sign Out").click()
        page_a.wait_for_url(url("/"))
        expect(page_a.get_by_role("status")).to_contain_text(SIGNED_OUT)

        page_b = visitor_b.new_page()
        page_b.set_default_timeout(TIMEOUT_MS)
        for _ in range(2):  # a fresh render and the cached copy
            page_b.goto(url("/"))
            expect(page_b.get_by_role("heading", level=1)).to_be_visible()
            expect(page_b.get_by_text(SIGNED_OUT)).to_have_count(0)
    finally:
        visitor_a.close()
        visitor_b.close()
