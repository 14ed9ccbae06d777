"""The planner before sign-up, in a real browser, on a desktop and on a 390x844 phone.

A visitor answers the questions (focus moves to each new question, errors are announced and
focused), sees the preview, signs up, verifies by the emailed link (which logs them in) and
finds the same plan without being asked again; marks a milestone done and hears "Saved";
re-plans and sees what changed. The plan page stays under 3,000 px tall on the phone.
"""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, needs_paths
from tests.browser.test_journeys import confirm_email, create_account

EMAIL = "visitor@example.com"
PASSWORD = "Lab-path 2026 rotation!"
MAX_PHONE_HEIGHT = 3000
STEPS = [
    ("radio", re.compile(r"Medical Laboratory Technician", re.I)),
    ("radio", "High school diploma or equivalent"),
    ("skip", ""),
    ("select", "Florida"),
    ("radio", "ASCP Board of Certification"),
    ("radio", "Part time"),
    ("date", ""),
]


def focused_id(page: Any) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def answer_as_a_visitor(page: Any, base: str) -> None:
    page.goto(f"{base}/plan/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Target role")

    # Nothing chosen: the error is announced (role="alert") and has the focus.
    with page.expect_navigation():
        page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert").first).to_contain_text("Please check your answer")
    assert focused_id(page) == "form-errors"

    for number, (kind, answer) in enumerate(STEPS, start=1):
        expect(page.get_by_text(f"Step {number} of {len(STEPS)}").first).to_be_visible()
        if number > 1:
            # The new question's heading has the focus, not the top of the page.
            page.wait_for_function(
                "() => document.activeElement && document.activeElement.id === 'step-heading'"
            )
        if kind == "radio":
            page.get_by_role("radio", name=answer).check()
        elif kind == "select":
            page.get_by_label("Where do you intend to work?").select_option(
                label=answer
            )
        last = number == len(STEPS)
        with page.expect_navigation():
            page.get_by_role("button", name="See my plan" if last else "Next").click()


def milestone_titles(page: Any) -> list[str]:
    return [
        t.strip() for t in page.locator("#milestones li.milestone h4").all_inner_texts()
    ]


def journey(page: Any, base: str, *, phone: bool) -> None:
    needs_paths("/plan/start/", "/plan/start/review/", "/accounts/signup/")
    answer_as_a_visitor(page, base)

    # The preview, built by the planner, saved nowhere yet.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Your plan preview: MLT in Florida, part time"
    )
    previewed = [
        t.strip()
        for t in page.locator(".preview-steps .preview-title").all_inner_texts()
    ]
    assert len(previewed) >= 4
    assert_accessible(page, "plan preview")

    page.get_by_role("link", name=re.compile(r"^Save this plan", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Create an account")
    expect(page.locator("main")).to_contain_text("Your plan preview is kept")
    create_account(page, EMAIL, PASSWORD)
    assert mail.outbox, "no confirmation email was sent"
    assert "CareerPath" in mail.outbox[-1].subject
    confirm_email(page)

    # Logged in by the link, on the plan page: the same plan, no question asked again.
    expect(page).to_have_url(re.compile(r"/plan/(\d+/)?$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your plan")
    expect(page.locator("main")).to_contain_text("Your plan is saved to your account")
    expect(page.locator(".plan-name")).to_have_text("MLT in Florida, part time")
    assert milestone_titles(page) == previewed
    expect(page.get_by_text(re.compile(r"Step \d of 7"))).to_have_count(0)
    plan_url = page.url

    # Collapsed milestones: the page is short on a phone, and nothing scrolls sideways
    # (measured as it is on every visit, without the one-off sign-up messages).
    page.goto(plan_url)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    if phone:
        parts = page.evaluate(
            """() => [...document.querySelectorAll('body > *, main .wrap > *')].map(
                el => `${el.tagName.toLowerCase()}#${el.id || el.className}: ${el.offsetHeight}`)"""
        )
        assert height < MAX_PHONE_HEIGHT, (
            f"the plan page is {height}px tall on a phone: {parts}"
        )
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"the plan page is {overflow}px wider than the phone"
        # The phone timeline: one labelled row per step, a tap away above the milestones.
        expect(page.locator("svg.timeline")).to_be_hidden()
        page.get_by_text("Show the timeline picture").click()
        compact = page.locator("svg.timeline-compact")
        expect(compact).to_be_visible()
        expect(
            compact.locator("text").filter(has_text=previewed[0][:20])
        ).to_have_count(1)
        box = compact.bounding_box()
        assert box is not None
        assert box["width"] <= 390
    else:
        expect(page.locator("svg.timeline")).to_be_visible()
        # Summary cards are as tall as their own text, not as the longest card in the row.
        next_card = page.locator(".summary-grid .card-next").bounding_box()
        overdue = page.locator(".summary-grid .card", has_text="Overdue").bounding_box()
        assert next_card is not None
        assert overdue is not None
        assert overdue["height"] < next_card["height"]
    assert_accessible(page, "plan page")

    # Mark the first milestone done: "Saved" is announced and the date shows at once.
    first = page.locator("#milestones li.milestone").first
    first.locator("summary").click()
    second = page.locator("#milestones li.milestone").nth(1)
    second.locator("summary").click()
    # One open at a time.
    expect(first.locator("details")).not_to_have_attribute("open", "")
    second.locator("summary").click()
    expect(second.get_by_label("Status")).to_be_hidden()
    first.locator("summary").click()
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/milestones/" in r.url
    ):
        first.get_by_label("Status").select_option(label="Done")
    expect(first.get_by_role("status")).to_contain_text("Saved: Done")
    expect(first.get_by_label("Completed on")).not_to_have_value("")
    expect(first.locator(".status-badge")).to_have_text("Done")

    if not phone:
        # Copy buttons (static JS, CSP-safe) put the calendar link on the clipboard.
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.get_by_text("Your calendar link, share link and print version").click()
        page.get_by_role("button", name="Copy calendar link").click()
        expect(
            page.locator(
                ".copy-row", has=page.get_by_role("button", name="Copy calendar link")
            ).get_by_role("status")
        ).to_have_text("Copied.")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.get_by_label("Your private calendar link").input_value()
        assert "/plan/calendar/" in copied

    # Re-plan for another state: the summary says what changed.
    page.goto(plan_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Edit answers").click()
    page.get_by_label("Where do you intend to work?").select_option(label="Texas")
    with page.expect_navigation():
        page.get_by_role(
            "button", name=re.compile(r"Save|Update|Re-?plan", re.I)
        ).first.click()
    summary = page.locator("#what-changed")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("What changed in your plan")
    expect(summary).to_contain_text(re.compile(r"archived|added|moved|finish", re.I))
    assert focused_id(page) == "what-changed"
    assert_accessible(page, "plan page after re-planning")


def test_visitor_plans_signs_up_and_finds_the_same_plan(page, url):
    journey(page, url(""), phone=False)


def test_visitor_journey_on_a_phone(phone_page, url):
    journey(phone_page, url(""), phone=True)
