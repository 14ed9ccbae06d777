"""End-to-end journeys in a real browser, asserting what the user sees.

Locators are by role and accessible name (get_by_role, get_by_label): a control a screen-reader
user cannot find by its name fails here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import log_in, needs_paths, open_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MLT = "medical-laboratory-technician"
MLT_TITLE = re.compile(r"Medical Laboratory Technician", re.I)
VISITOR_PATHS = (
    "/",
    f"/roles/{MLT}/",
    "/roles/compare/",
    "/licensure/",
    "/licensure/CA/",
    "/search/",
)
PLANNER_PATHS = (
    "/accounts/signup/",
    "/plan/",
    "/plan/start/",
    "/plan/1/",
    "/plan/1/edit/",
)
NEW_EMAIL = "newcomer@example.com"
NEW_PASSWORD = "Lab-path 2026 rotation!"


# --- journey 1: a visitor reads about MLT, compares MLT and MLS, checks California, searches ---


def visitor_journey(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.locator("main").get_by_role("link", name=MLT_TITLE).first.click()
    expect(page).to_have_url(re.compile(rf"/roles/{MLT}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(MLT_TITLE)

    page.goto(f"{base}/")
    page.get_by_role("link", name=re.compile(r"Compare MLT and MLS", re.I)).click()
    expect(page).to_have_url(re.compile(r"/roles/compare/"))
    table = page.get_by_role("table").first
    expect(table).to_contain_text("MLT")
    expect(table).to_contain_text("MLS")

    open_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Licensure"
    ).click()
    expect(page).to_have_url(re.compile(r"/licensure/$"))
    page.get_by_role("link", name=re.compile(r"^California\b")).first.click()
    expect(page).to_have_url(re.compile(r"/licensure/CA/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("California")
    expect(page.locator("main")).to_contain_text(re.compile(r"licen[cs]e", re.I))

    open_menu(page)
    search = page.get_by_role("searchbox", name="Search CareerPath")
    search.fill("phlebotomy")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=phlebotomy"))
    expect(
        page.locator("main")
        .get_by_role("link", name=re.compile(r"Phlebotomy", re.I))
        .first
    ).to_be_visible()


def test_visitor_reads_role_compares_checks_state_and_searches(page, url):
    needs_paths(*VISITOR_PATHS)
    visitor_journey(page, url(""))


def test_visitor_journey_on_a_phone(phone_page, url):
    needs_paths(*VISITOR_PATHS)
    visitor_journey(phone_page, url(""))
    # Nothing wider than the screen: the page scrolls vertically only.
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the search results page is {overflow}px wider than a phone"


# --- journey 2: sign up, verify, answer the questions, track the plan, change answers ---------


def confirmation_link() -> str:
    assert mail.outbox, "no confirmation email was sent"
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+", body)
    assert match, f"no confirmation link in the email:\n{body}"
    return match.group(0)


def create_account(page: Any, email: str, password: str) -> None:
    """Fill in and send the sign-up form on the page; the site then asks to confirm."""
    page.get_by_label(re.compile(r"^Email", re.I)).fill(email)
    page.get_by_label(re.compile(r"^Password$", re.I)).fill(password)
    page.get_by_label(re.compile(r"^Password \(again\)|Confirm password", re.I)).fill(
        password
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    expect(page.locator("main")).to_contain_text(re.compile(r"verify|confirm", re.I))


def confirm_email(page: Any) -> None:
    """Follow the emailed confirmation link and confirm."""
    page.goto(confirmation_link())
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"Confirm", re.I)).click()


def sign_up_and_verify(page: Any, base: str) -> None:
    page.goto(f"{base}/")
    page.get_by_role("link", name="Sign up").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Create an account")
    create_account(page, NEW_EMAIL, NEW_PASSWORD)
    confirm_email(page)
    expect(page).not_to_have_url(re.compile(r"confirm-email"))


def choose(page: Any, label: str | re.Pattern[str]) -> None:
    page.get_by_label(label).check()


def answer_onboarding(
    page: Any,
    base: str,
    *,
    keyboard: bool = False,
    before_each_step: Callable[[], None] | None = None,
) -> None:
    """Target MLT, high school, California, ASCP, full time, the default start date."""
    if "/plan/start/" not in page.url:
        page.goto(f"{base}/plan/start/")
    answers: list[tuple[str, str | re.Pattern[str]]] = [
        ("radio", MLT_TITLE),
        ("radio", "High school diploma or equivalent"),
        ("skip", ""),  # background: every question is optional
        ("select", "California"),
        ("radio", "ASCP Board of Certification"),
        ("radio", "Full time"),
        ("date", ""),
    ]
    for number, (kind, answer) in enumerate(answers, start=1):
        expect(
            page.get_by_text(f"Step {number} of {len(answers)}").first
        ).to_be_visible()
        if before_each_step is not None:
            before_each_step()
        if kind == "radio":
            control = page.get_by_role("radio", name=answer)
            if keyboard:
                keyboard_pick_radio(page, control)
            else:
                control.check()
            expect(control).to_be_checked()
        elif kind == "select":
            select = page.get_by_label("Where do you intend to work?")
            if keyboard:
                keyboard_pick_option(page, select, str(answer))
            else:
                select.select_option(label=str(answer))
        last = number == len(answers)
        button = page.get_by_role("button", name="Create my plan" if last else "Next")
        with page.expect_navigation():
            if keyboard:
                tab_to(page, button)
                page.keyboard.press("Enter")
            else:
                button.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your plan")


def milestone_items(page: Any) -> Any:
    return page.locator("#milestones li.milestone")


def progress_text(page: Any) -> str:
    return page.locator("#progress-label").inner_text()


def timeline_description(page: Any) -> str:
    return page.locator("#plan-timeline svg.timeline desc").text_content() or ""


def open_milestone(page: Any, item: Any, *, keyboard: bool = False) -> None:
    """Milestones are collapsed to their summary line: open one to reach its form."""
    if item.locator("details.milestone-details").evaluate("d => d.open"):
        return
    summary = item.locator("summary")
    if keyboard:
        tab_to(page, summary)
        page.keyboard.press("Enter")
    else:
        summary.click()
    expect(item.get_by_label("Status")).to_be_visible()


def milestone_saved(response: Any) -> bool:
    return response.request.method == "POST" and "/milestones/" in response.url


def save_milestone(page: Any, item: Any, *, keyboard: bool) -> None:
    """Save and wait for the server's answer (an htmx swap, or a page load without JS)."""
    save = item.get_by_role("button", name="Save")
    if keyboard:
        tab_to(page, save)
    with page.expect_response(milestone_saved):
        if keyboard:
            page.keyboard.press("Enter")
        else:
            save.click()


def mark_done(page: Any, item: Any, *, keyboard: bool = False) -> None:
    open_milestone(page, item, keyboard=keyboard)
    status = item.get_by_label("Status")
    if keyboard:
        keyboard_pick_option(page, status, "Done")
    else:
        status.select_option(label="Done")
    save_milestone(page, item, keyboard=keyboard)


def tracking_journey(page: Any, base: str, *, keyboard: bool = False) -> None:
    answer_onboarding(page, base, keyboard=keyboard)
    plan_url = page.url.split("#")[0]
    expect(page.locator("#progress-label")).to_contain_text("0%")
    timeline_before = timeline_description(page)
    assert "0 done" in timeline_before
    assert milestone_items(page).count() >= 4

    first_title = milestone_items(page).nth(0).get_by_role("heading").inner_text()
    second_title = milestone_items(page).nth(1).get_by_role("heading").inner_text()
    for title in (first_title, second_title):
        item = milestone_items(page).filter(
            has=page.get_by_role("heading", name=title, exact=True)
        )
        mark_done(page, item, keyboard=keyboard)
        expect(
            milestone_items(page)
            .filter(has=page.get_by_role("heading", name=title, exact=True))
            .locator(".status-badge")
        ).to_have_text("Done")

    page.goto(plan_url)
    expect(page.locator("#progress-label")).not_to_contain_text(re.compile(r"^\s*0%"))
    shown = re.search(r"(\d+)%", progress_text(page))
    assert shown
    progress = int(shown.group(1))
    assert progress > 0
    assert "2 done" in timeline_description(page)
    assert timeline_description(page) != timeline_before

    third = milestone_items(page).nth(2)
    note = "Ask the program about evening rotations."
    open_milestone(page, third, keyboard=keyboard)
    notes = third.get_by_label("Private notes")
    if keyboard:
        tab_to(page, notes)
        page.keyboard.type(note)
    else:
        notes.fill(note)
    save_milestone(page, third, keyboard=keyboard)
    page.goto(plan_url)
    open_milestone(page, milestone_items(page).nth(2))
    expect(milestone_items(page).nth(2).get_by_label("Private notes")).to_have_value(
        note
    )

    # Change the state: re-planning keeps what was done and the note.
    edit = page.get_by_role("link", name="Edit answers")
    with page.expect_navigation():
        if keyboard:
            tab_to(page, edit)
            page.keyboard.press("Enter")
        else:
            edit.click()
    state = page.get_by_label("Where do you intend to work?")
    if keyboard:
        keyboard_pick_option(page, state, "Texas")
    else:
        state.select_option(label="Texas")
    save = page.get_by_role("button", name=re.compile(r"Save|Update|Re-?plan", re.I))
    with page.expect_navigation():
        if keyboard:
            tab_to(page, save.first)
            page.keyboard.press("Enter")
        else:
            save.first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your plan")
    expect(page.locator(".plan-head .meta")).to_contain_text("Texas")
    for title in (first_title, second_title):
        expect(
            milestone_items(page)
            .filter(has=page.get_by_role("heading", name=title, exact=True))
            .locator(".status-badge")
        ).to_have_text("Done")
    shown = re.search(r"(\d+)%", progress_text(page))
    assert shown
    assert int(shown.group(1)) > 0
    expect(page.get_by_text(note)).to_have_count(1)


def test_new_user_signs_up_plans_and_tracks_progress(page, url):
    needs_paths(*PLANNER_PATHS)
    sign_up_and_verify(page, url(""))
    tracking_journey(page, url(""))


def test_new_user_journey_on_a_phone(phone_page, url):
    needs_paths(*PLANNER_PATHS)
    sign_up_and_verify(phone_page, url(""))
    tracking_journey(phone_page, url(""))


# --- journey 4b: the same with the keyboard only ---------------------------------------------


def is_focused(locator: Any) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def tab_to(page: Any, locator: Any, *, limit: int = 400) -> None:
    """Press Tab until `locator` has focus (fails when it is not reachable by keyboard)."""
    locator = locator.first
    locator.wait_for(state="visible")
    for _ in range(limit):
        if is_focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} is not reachable with the Tab key")


def keyboard_pick_radio(page: Any, radio: Any) -> None:
    """Tab into the radio group, then arrow keys until `radio` is checked, as a keyboard user does."""
    name = radio.get_attribute("name")
    group = page.locator(f"input[type=radio][name='{name}']")
    for _ in range(400):
        focused = page.evaluate("() => document.activeElement?.name || ''")
        if focused == name:
            break
        page.keyboard.press("Tab")
    for _ in range(group.count() + 1):
        if is_focused(radio):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not reach {radio} with the arrow keys")


def keyboard_pick_option(page: Any, select: Any, label: str) -> None:
    """Tab to the select, then step with the arrow keys until `label` is chosen.

    Each step changes the value, which may send an htmx request that swaps the form: wait for
    it to settle and Tab back to the select when the swap moved the focus, as a user would.
    """
    for _ in range(80):
        if not is_focused(select):
            tab_to(page, select)
        if select.evaluate("el => el.options[el.selectedIndex].text").strip() == label:
            return
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(50)
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
    raise AssertionError(f"option {label!r} not reachable with the arrow keys")


def test_new_user_journey_with_the_keyboard_only(page, url):
    needs_paths(*PLANNER_PATHS)
    base = url("")
    page.goto(f"{base}/accounts/signup/")
    for label, value in (
        (re.compile(r"^Email", re.I), NEW_EMAIL),
        (re.compile(r"^Password$", re.I), NEW_PASSWORD),
        (re.compile(r"^Password \(again\)|Confirm password", re.I), NEW_PASSWORD),
    ):
        tab_to(page, page.get_by_label(label))
        page.keyboard.type(value)
    tab_to(page, page.get_by_role("button", name="Create account"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(re.compile(r"verify|confirm", re.I))
    page.goto(confirmation_link())
    tab_to(page, page.get_by_role("button", name=re.compile(r"Confirm", re.I)))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"confirm-email"))
    tracking_journey(page, base, keyboard=True)


# --- journey 3: an editor changes a role summary, previews, publishes; drafts stay hidden ----


def test_editor_edits_previews_and_publishes_a_role_summary(page, browser, url, editor):
    needs_paths("/admin/", f"/roles/{MLT}/")
    base = url("")
    page.goto(f"{base}/admin/")
    page.get_by_label(re.compile(r"^Email", re.I)).fill(editor.email)
    page.get_by_label(re.compile(r"^Password", re.I)).fill(
        "correct horse battery staple"
    )
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Roles", exact=True)).to_be_visible()
    # Editors have no access to accounts or plans.
    expect(page.get_by_role("link", name="Users", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Plans", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Roles", exact=True).click()
    page.get_by_role("link", name=MLT_TITLE).first.click()
    summary = (
        "An MLT runs routine tests that help diagnose and treat patients (edited)."
    )
    # The English summary (with Spanish beside it, the label names the language).
    page.get_by_label(re.compile(r"^Summary( \[en\])?:?$", re.I)).fill(summary)
    # A published record is edited as a draft beside it: no status to change here.
    expect(page.get_by_label(re.compile(r"^Status", re.I))).to_have_count(0)
    page.get_by_role("button", name="Save draft").first.click()
    expect(page.locator(".messagelist").first).to_contain_text("Draft saved")

    # The public (a separate, anonymous browser) keeps the published page meanwhile.
    public_context = browser.new_context()
    public = public_context.new_page()
    response = public.goto(f"{base}/roles/{MLT}/")
    assert response is not None
    assert response.status == 200
    expect(public.get_by_role("heading", level=1)).to_contain_text(MLT_TITLE)
    expect(public.locator("main")).not_to_contain_text(summary)

    # The editor previews the draft as the public page will show it.
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview the draft").click()
    preview = popup.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", level=1)).to_contain_text(MLT_TITLE)
    expect(preview.locator("main")).to_contain_text(summary)
    preview.close()

    # Publish the changes; now everyone sees them.
    page.get_by_role("button", name="Publish changes").first.click()
    expect(page.locator(".messagelist").first).to_be_visible()
    response = public.goto(f"{base}/roles/{MLT}/")
    assert response is not None
    assert response.status == 200
    expect(public.locator("main")).to_contain_text(summary)
    public_context.close()


def test_planner_login_helper_reaches_the_dashboard(page, url, planner_user):
    needs_paths("/plan/", "/accounts/login/")
    log_in(page, url(""), planner_user.email)
    expect(page).to_have_url(re.compile(r"/plan/"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My plan")
    ).to_be_visible()
