"""End-to-end journeys in a real browser, asserting what the user sees.

Locators are by role and accessible name (get_by_role, get_by_label): a control a screen-reader
user cannot find by its name fails here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from content.models import Role, StateLicensure
from planner.planning import EducationLevel, MilestoneStatus, StudyPace
from tests.browser.conftest import log_in, needs_paths, open_menu, open_page

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


@dataclass(frozen=True)
class Lang:
    """The interface language a journey reads and types in: labels come from the same
    catalogs and content records the site renders, so one journey serves every language.
    In a language other than English, a label with no translation fails the journey."""

    code: str = "en"

    @property
    def prefix(self) -> str:
        return "" if self.code == "en" else f"/{self.code}"

    def t(self, msgid: str, context: str | None = None) -> str:
        with translation.override(self.code):
            text = (
                translation.pgettext(context, msgid)
                if context
                else translation.gettext(msgid)
            )
        assert self.code == "en" or text != msgid, f"no {self.code} text for {msgid!r}"
        return text

    def pattern(self, msgid: str, **groups: str) -> re.Pattern[str]:
        """The translated message as a regex: each %(name)s is `groups[name]` or any text."""
        parts = re.split(r"%\((\w+)\)s", self.t(msgid))
        return re.compile(
            "".join(
                re.escape(part) if i % 2 == 0 else groups.get(part, ".*?")
                for i, part in enumerate(parts)
            )
        )

    def label(self, choice: Any) -> str:
        """A choice's label (a status, a pace) as the page shows it."""
        with translation.override(self.code):
            text = str(choice.label)
        with translation.override("en"):
            english = str(choice.label)
        assert self.code == "en" or text != english, (
            f"no {self.code} label for {choice}"
        )
        return text

    def field(self, model: Any, name: str, **lookup: Any) -> str:
        """A content record's text (a role's title, a body's name) in this language."""
        with translation.override(self.code):
            return str(getattr(model.objects.get(**lookup), name))


EN = Lang("en")
ES = Lang("es")


# --- journey 1: a visitor reads about MLT, compares MLT and MLS, checks California, searches ---


SEARCH_WORD = {"en": "phlebotomy", "es": "flebotomía"}


def in_language(page: Any, lang: Lang) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang.code)


def visitor_journey(page: Any, base: str, lang: Lang = EN) -> None:
    mlt = re.compile(re.escape(lang.field(Role, "title", slug=MLT)), re.I)
    page.goto(f"{base}{lang.prefix}/")
    in_language(page, lang)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.locator("main").get_by_role("link", name=mlt).first.click()
    expect(page).to_have_url(re.compile(rf"{lang.prefix}/roles/{MLT}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(mlt)

    page.goto(f"{base}{lang.prefix}/")
    page.get_by_role("link", name=lang.t("Compare MLT and MLS side by side")).click()
    expect(page).to_have_url(re.compile(rf"{lang.prefix}/roles/compare/"))
    table = page.get_by_role("table").first
    expect(table).to_contain_text("MLT")
    expect(table).to_contain_text("MLS")

    open_menu(page, lang.t("Menu"))
    page.get_by_role("navigation", name=lang.t("Main", "navigation")).get_by_role(
        "link", name=lang.t("Licensure", "navigation")
    ).click()
    expect(page).to_have_url(re.compile(rf"{lang.prefix}/licensure/$"))
    california = lang.field(StateLicensure, "name", code="CA")
    page.get_by_role("link", name=re.compile(rf"^{california}\b")).first.click()
    expect(page).to_have_url(re.compile(rf"{lang.prefix}/licensure/CA/$"))
    in_language(page, lang)
    expect(page.get_by_role("heading", level=1)).to_contain_text(california)
    expect(page.locator("main")).to_contain_text(re.compile(r"licen[cs]", re.I))

    open_menu(page, lang.t("Menu"))
    word = SEARCH_WORD[lang.code]
    search = page.get_by_role("searchbox", name=lang.t("Search CareerPath"))
    search.fill(word)
    search.press("Enter")
    expect(page).to_have_url(re.compile(rf"{lang.prefix}/search/\?q="))
    in_language(page, lang)
    phlebotomist = lang.field(Role, "title", slug="phlebotomy-technician")
    expect(
        page.locator("main")
        .get_by_role("link", name=re.compile(re.escape(phlebotomist), re.I))
        .first
    ).to_be_visible()


def test_visitor_reads_role_compares_checks_state_and_searches(page, url):
    needs_paths(*VISITOR_PATHS)
    visitor_journey(page, url(""))


@pytest.mark.parametrize("lang", [EN, ES], ids=["en", "es"])
def test_visitor_journey_on_a_phone(phone_page, url, lang):
    needs_paths(*VISITOR_PATHS)
    visitor_journey(phone_page, url(""), lang)
    # Nothing wider than the screen: the page scrolls vertically only.
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the search results page is {overflow}px wider than a phone"


def test_visitor_journey_in_spanish(page, url):
    needs_paths(*VISITOR_PATHS)
    visitor_journey(page, url(""), ES)


# --- journey 2: sign up, verify, answer the questions, track the plan, change answers ---------


def confirmation_link() -> str:
    assert mail.outbox, "no confirmation email was sent"
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+", body)
    assert match, f"no confirmation link in the email:\n{body}"
    return match.group(0)


def create_account(page: Any, email: str, password: str, lang: Lang = EN) -> None:
    """Fill in and send the sign-up form on the page; the site then asks to confirm."""
    page.get_by_label(lang.t("Email"), exact=True).fill(email)
    page.get_by_label(lang.t("Password"), exact=True).fill(password)
    page.get_by_label(lang.t("Password (again)"), exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name=lang.t("Create account")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        lang.t("Verify Your Email Address")
    )


def confirm_email(page: Any, lang: Lang = EN) -> None:
    """Follow the emailed confirmation link and confirm."""
    page.goto(confirmation_link())
    in_language(page, lang)
    with page.expect_navigation():
        page.get_by_role("button", name=lang.t("Confirm")).click()


def sign_up_and_verify(page: Any, base: str, lang: Lang = EN) -> None:
    page.goto(f"{base}{lang.prefix}/")
    page.get_by_role("link", name=lang.t("Sign up")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        lang.t("Create an account")
    )
    create_account(page, NEW_EMAIL, NEW_PASSWORD, lang)
    confirm_email(page, lang)
    expect(page).not_to_have_url(re.compile(r"confirm-email"))


def choose(page: Any, label: str | re.Pattern[str]) -> None:
    page.get_by_label(label).check()


def answer_onboarding(
    page: Any,
    base: str,
    *,
    keyboard: bool = False,
    before_each_step: Callable[[], None] | None = None,
    lang: Lang = EN,
) -> None:
    """Target MLT, high school, California, ASCP, full time, the default start date."""
    if "/plan/start/" not in page.url:
        page.goto(f"{base}{lang.prefix}/plan/start/")
    answers: list[tuple[str, str | re.Pattern[str]]] = [
        ("radio", re.compile(re.escape(lang.field(Role, "title", slug=MLT)), re.I)),
        ("radio", lang.label(EducationLevel.HIGH_SCHOOL)),
        ("skip", ""),  # background: every question is optional
        ("select", lang.field(StateLicensure, "name", code="CA")),
        ("radio", "ASCP Board of Certification"),  # a proper name in every language
        ("radio", lang.label(StudyPace.FULL_TIME)),
        ("date", ""),
    ]
    for number, (kind, answer) in enumerate(answers, start=1):
        step = lang.t("Step %(number)s of %(count)s") % {
            "number": number,
            "count": len(answers),
        }
        expect(page.get_by_text(step).first).to_be_visible()
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
            select = page.get_by_label(lang.t("Where do you intend to work?"))
            pick_option(page, select, str(answer), keyboard=keyboard)
        last = number == len(answers)
        button = page.get_by_role(
            "button",
            name=lang.t("Create my plan")
            if last
            else lang.t("Next", "onboarding step"),
        )
        with page.expect_navigation():
            activate(page, button, keyboard=keyboard)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        lang.pattern("Your plan: %(role)s")
    )


def milestone_items(page: Any) -> Any:
    return page.locator("#milestones li.milestone")


def progress_text(page: Any) -> str:
    return page.locator("#progress-label").inner_text()


def timeline_description(page: Any) -> str:
    return page.locator("#plan-timeline svg.timeline desc").text_content() or ""


def open_milestone(
    page: Any, item: Any, *, keyboard: bool = False, lang: Lang = EN
) -> None:
    """Milestones are collapsed to their summary line: open one to reach its form."""
    if item.locator("details.milestone-details").evaluate("d => d.open"):
        return
    activate(page, item.locator("summary"), keyboard=keyboard)
    expect(item.get_by_label(lang.t("Status"))).to_be_visible()


def milestone_saved(response: Any) -> bool:
    return response.request.method == "POST" and "/milestones/" in response.url


def save_milestone(page: Any, item: Any, *, keyboard: bool, lang: Lang = EN) -> None:
    """Save and wait for the server's answer (an htmx swap, or a page load without JS)."""
    save = item.get_by_role("button", name=lang.t("Save"))
    if keyboard:
        tab_to(page, save)
    with page.expect_response(milestone_saved):
        if keyboard:
            page.keyboard.press("Enter")
        else:
            save.click()


def mark_done(page: Any, item: Any, *, keyboard: bool = False, lang: Lang = EN) -> None:
    open_milestone(page, item, keyboard=keyboard, lang=lang)
    status = item.get_by_label(lang.t("Status"))
    done = lang.label(MilestoneStatus.DONE)
    pick_option(page, status, done, keyboard=keyboard)
    save_milestone(page, item, keyboard=keyboard, lang=lang)


TIMELINE_SUMMARY = (
    "%(count)s milestones grouped by phase: %(phases)s. %(done)s done, "
    "%(in_progress)s in progress, %(not_started)s not started, %(skipped)s "
    "skipped. The milestone list below gives every date."
)


def tracking_journey(
    page: Any, base: str, *, keyboard: bool = False, lang: Lang = EN
) -> None:
    answer_onboarding(page, base, keyboard=keyboard, lang=lang)
    in_language(page, lang)
    done = lang.label(MilestoneStatus.DONE)
    plan_url = page.url.split("#")[0]
    expect(page.locator("#progress-label")).to_contain_text("0%")
    timeline_before = timeline_description(page)
    assert lang.pattern(TIMELINE_SUMMARY, done="0").search(timeline_before)
    assert milestone_items(page).count() >= 4

    first_title = milestone_items(page).nth(0).get_by_role("heading").inner_text()
    second_title = milestone_items(page).nth(1).get_by_role("heading").inner_text()
    for title in (first_title, second_title):
        item = milestone_items(page).filter(
            has=page.get_by_role("heading", name=title, exact=True)
        )
        mark_done(page, item, keyboard=keyboard, lang=lang)
        expect(
            milestone_items(page)
            .filter(has=page.get_by_role("heading", name=title, exact=True))
            .locator(".status-badge")
        ).to_have_text(done)

    page.goto(plan_url)
    expect(page.locator("#progress-label")).not_to_contain_text(re.compile(r"^\s*0%"))
    shown = re.search(r"(\d+)%", progress_text(page))
    assert shown
    progress = int(shown.group(1))
    assert progress > 0
    assert lang.pattern(TIMELINE_SUMMARY, done="2").search(timeline_description(page))
    assert timeline_description(page) != timeline_before

    third = milestone_items(page).nth(2)
    note = "Ask the program about evening rotations."
    open_milestone(page, third, keyboard=keyboard, lang=lang)
    notes = third.get_by_label(lang.t("Private notes"))
    if keyboard:
        tab_to(page, notes)
        page.keyboard.type(note)
    else:
        notes.fill(note)
    save_milestone(page, third, keyboard=keyboard, lang=lang)
    page.goto(plan_url)
    open_milestone(page, milestone_items(page).nth(2), lang=lang)
    expect(
        milestone_items(page).nth(2).get_by_label(lang.t("Private notes"))
    ).to_have_value(note)

    # Change the state: re-planning keeps what was done and the note.
    edit = page.get_by_role("link", name=lang.t("Edit answers"))
    with page.expect_navigation():
        activate(page, edit, keyboard=keyboard)
    texas = lang.field(StateLicensure, "name", code="TX")
    state = page.get_by_label(lang.t("Where do you intend to work?"))
    pick_option(page, state, texas, keyboard=keyboard)
    save = page.get_by_role("button", name=lang.t("Save and re-plan"))
    with page.expect_navigation():
        activate(page, save.first, keyboard=keyboard)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        lang.pattern("Your plan: %(role)s")
    )
    expect(page.locator(".plan-head .meta")).to_contain_text(texas)
    for title in (first_title, second_title):
        expect(
            milestone_items(page)
            .filter(has=page.get_by_role("heading", name=title, exact=True))
            .locator(".status-badge")
        ).to_have_text(done)
    shown = re.search(r"(\d+)%", progress_text(page))
    assert shown
    assert int(shown.group(1)) > 0
    expect(page.get_by_text(note)).to_have_count(1)


def test_new_user_signs_up_plans_and_tracks_progress(page, url):
    needs_paths(*PLANNER_PATHS)
    sign_up_and_verify(page, url(""))
    tracking_journey(page, url(""))


@pytest.mark.parametrize("lang", [EN, ES], ids=["en", "es"])
def test_new_user_journey_on_a_phone(phone_page, url, lang):
    needs_paths(*PLANNER_PATHS)
    sign_up_and_verify(phone_page, url(""), lang)
    tracking_journey(phone_page, url(""), lang=lang)


def test_new_user_journey_in_spanish(page, url):
    """Sign-up, confirmation email, onboarding and tracking, all at /es/ in Spanish."""
    needs_paths(*PLANNER_PATHS)
    sign_up_and_verify(page, url(""), ES)
    assert "/es/" in confirmation_link()
    tracking_journey(page, url(""), lang=ES)


# --- journey 4b: the same with the keyboard only ---------------------------------------------


def is_focused(locator: Any) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def activate(page: Any, locator: Any, *, keyboard: bool) -> None:
    """Click `locator`, or, as a keyboard user does, Tab to it and press Enter."""
    if keyboard:
        tab_to(page, locator)
        page.keyboard.press("Enter")
    else:
        locator.click()


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


def pick_option(page: Any, select: Any, label: str, *, keyboard: bool) -> None:
    """Choose `label` in the select with the mouse, or with the keys as a keyboard user does."""
    if keyboard:
        keyboard_pick_option(page, select, label)
    else:
        select.select_option(label=label)


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
    open_page(public, f"{base}/roles/{MLT}/", where="the published role page")
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
    open_page(public, f"{base}/roles/{MLT}/", where="the role page once published")
    expect(public.locator("main")).to_contain_text(summary)
    public_context.close()


def test_planner_login_helper_reaches_the_dashboard(page, url, planner_user):
    needs_paths("/plan/", "/accounts/login/")
    log_in(page, url(""), planner_user.email)
    expect(page).to_have_url(re.compile(r"/plan/"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My plan")
    ).to_be_visible()
