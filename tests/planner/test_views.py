from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Q
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content import versioning
from planner import services, views
from planner.models import ChecklistItem, Milestone, PathwayStep, PathwayTemplate, Plan
from planner.planning import PlanAnswers
from tests.accounts.factories import UserFactory
from tests.content.factories import (
    CertificationFactory,
    CertifyingBodyFactory,
    EligibilityRouteFactory,
    RoleFactory,
    RouteRequirementFactory,
    SourceFactory,
    StateLicensureFactory,
)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(db: None) -> SimpleNamespace:
    return build_world()


def build_world() -> SimpleNamespace:
    """An MLT role with ASCP and AMT credentials, two states and a small pathway template.

    Slugs and state codes are the test's own, so seeded content in the database cannot clash.
    """
    ascp = CertifyingBodyFactory(
        slug="ascp", name="ASCP Board of Certification", short_name="ASCP"
    )
    amt = CertifyingBodyFactory(
        slug="amt",
        name="American Medical Technologists",
        short_name="AMT",
        url="https://americanmedtech.org",
    )
    role = RoleFactory(
        slug="plannerui-mlt",
        title="Medical Laboratory Technician",
        short_title="MLT",
    )
    fee_source = SourceFactory(
        key="plannerui-ascp-fees",
        title="ASCP BOC fee schedule",
        url="https://www.ascp.org/fees",
        as_of_label="2026 fees",
    )
    mlt_ascp = mlt_certification(
        ascp,
        role,
        exam_fee_usd=Decimal("225.00"),
        exam_fee_as_of="2026 fee schedule",
        renewal_program="Credential Maintenance Program",
        renewal_points=36,
        renewal_required_categories="1 point of laboratory or patient safety",
        sources=[fee_source],
    )
    mlt_amt = mlt_certification(
        amt,
        role,
        exam_fee_usd=Decimal("235.00"),
        exam_fee_as_of="2026",
        renewal_program="Certification Continuation Program",
        renewal_points=45,
    )
    california = StateLicensureFactory(
        code="QA", name="Calisota", requires_license=True
    )
    texas = StateLicensureFactory(code="QB", name="Texarkana", requires_license=False)
    # Only this template's steps apply, whatever other tests' seed data left behind.
    PathwayTemplate.objects.update(is_active=False)
    template = PathwayTemplate.objects.create(slug="plannerui-core", name="Core path")
    steps = [
        {
            "key": "pui-program",
            "kind": "education",
            "phase": "Education",
            "title": "Complete an accredited MLT programme",
            "duration_weeks": Decimal("80"),
            "when_route_needs": "program",
            "checklist": "Apply to a programme\nEnrol",
        },
        {
            "key": "clinical",
            "kind": "clinical_training",
            "phase": "Education",
            "title": "Clinical rotations",
            "duration_weeks": Decimal("16"),
            "when_route_needs": "program",
        },
        {
            "key": "exam",
            "kind": "certification",
            "phase": "Certification",
            "title": "Pass the {certification} exam",
            "duration_weeks": Decimal("8"),
            "link_to": "certification",
            "when_route_needs": "certification",
            "checklist": "Apply for the exam\nSchedule the exam",
        },
        {
            "key": "licence",
            "kind": "licensure",
            "phase": "Licensure",
            "title": "Apply for a {state} licence",
            "duration_weeks": Decimal("8"),
            "link_to": "state_board",
            "when_state_requires_license": True,
        },
        {
            "key": "job",
            "kind": "job_search",
            "phase": "Career",
            "title": "Find your first job",
            "duration_weeks": Decimal("12"),
        },
    ]
    for order, fields in enumerate(steps, start=1):
        PathwayStep.objects.create(template=template, order=order, **fields)
    return SimpleNamespace(
        role=role,
        mlt_ascp=mlt_ascp,
        mlt_amt=mlt_amt,
        california=california,
        texas=texas,
    )


def mlt_certification(body: Any, role: Any, **fields: Any) -> Any:
    """`body`'s MLT credential ("plannerui-mlt-<body>", renewed every 3 years) with one
    eligibility route, code 1, of one requirement."""
    certification = CertificationFactory(
        slug=f"plannerui-mlt-{body.slug}",
        abbreviation=f"MLT({body.short_name})",
        body=body,
        role=role,
        renewal_cycle_years=3,
        **fields,
    )
    RouteRequirementFactory(
        route=EligibilityRouteFactory(certification=certification, code="1", order=1)
    )
    return certification


def make_plan(
    owner, world: SimpleNamespace, state: str | None = "QA", body: str | None = "ascp"
) -> Plan:
    return services.create_plan(
        owner=owner,
        answers=PlanAnswers(
            target_role=world.role.slug,
            education_level="high_school",
            state=state,
            certifying_body=body,
            start_date=timezone.localdate(),
        ),
    )


def milestone(plan: Plan, key: str) -> Milestone:
    """The plan's milestone from template step `key` (a credential's steps are keyed
    "<certification slug>-<step key>")."""
    return plan.milestones.get(Q(key=key) | Q(key__endswith=f"-{key}"))


def own_exam(
    client: Client, user: Any, world: SimpleNamespace
) -> tuple[Plan, Milestone, str]:
    """Sign in as `user` with a new plan: the plan, its exam milestone and the address
    that updates it."""
    plan = make_plan(user, world)
    exam = milestone(plan, "exam")
    client.force_login(user)
    return plan, exam, reverse("planner:milestone_update", args=[plan.pk, exam.pk])


# --- onboarding ------------------------------------------------------------------------------


def start_url(step: int | None = None) -> str:
    url = reverse("planner:start")
    return f"{url}?step={step}" if step else url


def answer(client: Client, number: int, **data: Any) -> Any:
    """Answer onboarding question `number` and go on to the next."""
    return client.post(start_url(), {"step": str(number), "action": "next", **data})


def reach_state_question(client: Client, user: Any, world: SimpleNamespace) -> None:
    """Sign in and answer the first three questions: the world's role, high school, and
    nothing about the background (not sure)."""
    client.force_login(user)
    answer(client, 1, target_role=world.role.slug)
    answer(client, 2, education_level="high_school")
    answer(client, 3)


def test_onboarding_is_open_to_visitors_and_saves_nothing(client, world):
    response = client.get(start_url())
    assert response.status_code == 200
    assert "Step 1 of 7" in response.content.decode()
    response = answer(client, 1, target_role=world.role.slug)
    assert response["Location"] == start_url(2)
    assert client.session["planner_onboarding"]["target_role"] == world.role.slug
    assert not Plan.objects.exists()


def test_login_page_explains_why_when_coming_from_the_planner(client):
    response = client.get(reverse("account_login") + "?next=/plan/")
    html = response.content.decode()
    assert "Log in to see your plan" in html
    assert f'href="{reverse("planner:start")}"' in html  # no account needed to try it


def test_onboarding_step_by_step_without_javascript(client, user, world):
    client.force_login(user)
    page = client.get(start_url())
    html = page.content.decode()
    assert "Step 1 of 7" in html
    assert '<progress class="step-progress" max="7" value="1"' in html
    assert "Medical Laboratory Technician" in html

    # Submitting nothing re-renders the same step with a message tied to the question.
    response = client.post(start_url(), {"step": "1", "action": "next"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose the role you are aiming for." in html
    assert 'id="id_target_role_error"' in html
    assert "Step 1 of 7" in html

    answers = [
        ("1", {"target_role": world.role.slug}),
        ("2", {"education_level": "high_school"}),
        ("3", {"program_mlt": ""}),  # background: nothing finished yet
        ("4", {"state": "QA"}),
        ("5", {"certifying_body": "help"}),
        ("6", {"study_pace": "full_time"}),
    ]
    for step, data in answers:
        if step == "3":
            background = client.get(start_url(3)).content.decode()
            assert "Your background" in background
            assert "year you finished it" in background  # what this role's routes count
            assert "months of full-time work" not in background  # and nothing else
        response = client.post(start_url(), {"step": step, "action": "next", **data})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == start_url(int(step) + 1)

    # The preview shows on each step after submit, without JavaScript.
    page = client.get(start_url(7)).content.decode()
    assert "Step 7 of 7" in page
    assert "Pass the MLT(ASCP) exam" in page
    assert "Apply for a Calisota licence" in page

    # A bad date re-renders with the error; nothing already answered is lost.
    response = client.post(
        start_url(), {"step": "7", "action": "next", "start_date": "31/31/2026"}
    )
    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()
    assert client.session["planner_onboarding"]["state"] == "QA"

    # Back keeps answers: the pace screen comes back with full time still chosen.
    response = client.post(
        start_url(), {"step": "7", "action": "back", "start_date": ""}
    )
    assert response["Location"] == start_url(6)
    page = client.get(start_url(6)).content.decode()
    assert re.search(r'value="full_time"[^>]*checked', page)

    start = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        start_url(), {"step": "7", "action": "next", "start_date": start.isoformat()}
    )
    plan = Plan.objects.get(owner=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("planner:detail", args=[plan.pk])
    assert plan.state is not None
    assert plan.state.code == "QA"
    assert plan.certifying_body == ""  # "help me choose"
    assert plan.chosen_body == "ascp"
    assert plan.start_date == start
    assert plan.milestones.filter(key="licence").exists()
    assert "planner_onboarding" not in client.session


def test_onboarding_cannot_skip_ahead(client, user, world):
    client.force_login(user)
    page = client.get(start_url(5)).content.decode()
    assert "Step 1 of 7" in page


def test_onboarding_rejects_unknown_state(client, user, world):
    reach_state_question(client, user, world)
    response = answer(client, 4, state="ZZ")
    assert response.status_code == 200
    assert "Choose a state from the list, or Undecided." in response.content.decode()


def test_help_me_choose_explains_with_cited_facts(client, user, world):
    reach_state_question(client, user, world)
    answer(client, 4, state="")
    html = client.get(start_url(5)).content.decode()
    assert "Help me choose" in html
    assert "MLT(ASCP)" in html
    assert "MLT(AMT)" in html
    assert "$225" in html
    assert "2026 fee schedule" in html
    assert "36 points every 3 years" in html
    assert 'href="https://www.ascp.org/fees"' in html


def test_htmx_preview_returns_the_fragment(client, user, world):
    client.force_login(user)
    answer(client, 1, target_role=world.role.slug)
    response = client.post(
        reverse("planner:preview"),
        {"step": "2", "education_level": "associate_mlt"},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="plan-preview-body">')
    assert "<html" not in html
    assert "Pass the MLT(ASCP) exam" in html
    # An associate degree in MLT already meets the route: no programme step in the preview.
    assert "Complete an accredited MLT programme" not in html
    # The preview saves nothing.
    assert "education_level" not in client.session["planner_onboarding"]


def test_preview_before_enough_answers_says_what_is_needed(client, user, world):
    client.force_login(user)
    response = client.post(reverse("planner:preview"), {"step": "1"}, **HX)
    assert "Choose a target role and your education" in response.content.decode()


# --- dashboard -------------------------------------------------------------------------------


def test_dashboard_without_plan_shows_empty_state(client, user):
    client.force_login(user)
    response = client.get(reverse("planner:dashboard"))
    assert response.status_code == 200
    assert "Start your plan" in response.content.decode()
    assert reverse("planner:start") in response.content.decode()


def test_dashboard_shows_the_latest_plan_with_its_milestones(client, user, world):
    older = make_plan(user, world, state="QB")
    newest = make_plan(user, world, state="QA")
    client.force_login(user)
    html = client.get(reverse("planner:dashboard")).content.decode()
    assert "Apply for a Calisota licence" in html  # the newest plan
    assert "Pass the MLT(ASCP) exam" in html
    assert 'role="img"' in html
    assert '<title id="timeline-title">' in html
    assert '<progress max="100" value="0"' in html
    assert reverse("planner:detail", args=[older.pk]) in html  # plan switcher
    assert (
        f'href="{reverse("planner:detail", args=[newest.pk])}" aria-current="page"'
        in html
    )
    assert world.mlt_ascp.get_absolute_url() in html
    assert 'href="https://example.org/board"' in html


def test_marking_done_updates_progress_without_javascript(client, user, world):
    plan, exam, url = own_exam(client, user, world)
    response = client.post(url, {"status": "done", "notes": ""})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#milestone-{exam.pk}")
    exam.refresh_from_db()
    assert exam.status == "done"
    assert exam.completed_on == timezone.localdate()
    page = client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    assert "<strong>20%</strong> complete" in page  # 1 of 5 milestones
    assert "Saved “Pass the MLT(ASCP) exam”." in page


def test_marking_done_with_htmx_swaps_only_out_of_band_blocks(client, user, world):
    _, exam, url = own_exam(client, user, world)
    response = client.post(url, {"status": "done"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    # The form being edited is left alone: only the heading, errors, progress and timeline swap.
    assert (
        f'<summary id="m{exam.pk}-head" class="milestone-head status-done" hx-swap-oob="true">'
        in html
    )
    assert f'<div id="m{exam.pk}-errors" role="alert" hx-swap-oob="true">' in html
    assert "<form" not in html
    assert (
        '<section id="plan-summary" class="plan-summary" aria-labelledby="summary-heading" hx-swap-oob="true">'
        in html
    )
    assert 'id="plan-timeline"' in html
    # The "Completed on" field shows the date the server set at once.
    today = timezone.localdate().isoformat()
    assert (
        f'<div class="field" id="m{exam.pk}-completed-field" hx-swap-oob="true">'
        in html
    )
    assert f'name="completed_on" value="{today}"' in html
    assert html.count('hx-swap-oob="true"') == 5
    # "Saved" goes into the milestone's role="status" region, which stays in the page.
    assert (
        f'<p id="m{exam.pk}-saved" hx-swap-oob="innerHTML">Saved: Done, completed '
        in html
    )
    assert "<strong>20%</strong> complete" in html
    assert "<html" not in html


def test_htmx_invalid_completion_date_shows_error_in_place(client, user, world):
    _, exam, url = own_exam(client, user, world)
    future = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        url, {"status": "done", "completed_on": future.isoformat()}, **HX
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    exam.refresh_from_db()
    assert exam.status == "not_started"


def test_checklist_items_are_ticked_and_unticked(client, user, world):
    _, exam, url = own_exam(client, user, world)
    first, second = exam.checklist.all()
    client.post(url, {"checklist_present": "1", "checklist": [str(first.pk)]})
    assert [i.done for i in exam.checklist.all()] == [True, False]
    client.post(url, {"checklist_present": "1", "checklist": [str(second.pk)]}, **HX)
    assert [i.done for i in exam.checklist.all()] == [False, True]


def test_note_is_saved_and_rendered_inert(client, user, world):
    plan, exam, url = own_exam(client, user, world)
    note = "<script>alert('x')</script> study chapter 3"
    client.post(url, {"notes": note})
    exam.refresh_from_db()
    assert exam.notes == note
    html = client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; study chapter 3" in html


def test_edit_answers_replans_and_keeps_progress(client, user, world):
    plan = make_plan(user, world, state="QA")
    exam = milestone(plan, "exam")
    services.update_milestone(
        milestone=exam, status="in_progress", notes="Booked a slot"
    )
    client.force_login(user)
    url = reverse("planner:edit", args=[plan.pk])
    page = client.get(url).content.decode()
    assert re.search(r'<option value="QA" selected>', page)
    response = client.post(
        url,
        {
            "target_role": world.role.slug,
            "education_level": "high_school",
            "state": "QB",
            "certifying_body": "ascp",
            "study_pace": "part_time",
            "start_date": plan.start_date.isoformat(),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "Steps you had started or finished kept their status"
        in response.content.decode()
    )
    exam.refresh_from_db()
    assert exam.status == "in_progress"
    assert exam.notes == "Booked a slot"
    assert milestone(plan, "licence").archived is True
    plan.refresh_from_db()
    assert plan.state is not None
    assert plan.state.code == "QB"
    assert plan.study_pace == "part_time"
    # Archived milestones are hidden until asked for; the "what changed" summary names it.
    html = response.content.decode()
    summary, page = html.split('id="plan-summary"', 1)
    assert "What changed in your plan" in summary
    assert "archived" in summary
    assert "Apply for a Calisota licence" in summary
    assert "Apply for a Calisota licence" not in page
    assert "Show archived (1)" in html
    html = client.get(
        reverse("planner:detail", args=[plan.pk]) + "?archived=1"
    ).content.decode()
    assert "Apply for a Calisota licence" in html
    assert "Hide archived (1)" in html


def test_edit_answers_with_bad_input_re_renders(client, user, world):
    plan = make_plan(user, world)
    client.force_login(user)
    response = client.post(
        reverse("planner:edit", args=[plan.pk]), {"target_role": "nope"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose one of the roles in the list." in html
    assert "Choose the education you have now." in html


def test_calendar_link_can_be_regenerated(client, user, world):
    plan = make_plan(user, world)
    old = plan.calendar_token
    client.force_login(user)
    page = client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    assert f"/plan/calendar/{old}.ics" in page
    client.post(reverse("planner:regenerate_calendar", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.calendar_token != old
    assert client.get(reverse("planner:calendar", args=[old])).status_code == 404


def test_share_page_hides_notes_and_404s_once_revoked(client, user, world):
    plan = make_plan(user, world)
    services.update_milestone(
        milestone=milestone(plan, "exam"), notes="my private worry"
    )
    client.force_login(user)
    client.post(reverse("planner:sharing", args=[plan.pk]), {"action": "enable"})
    plan.refresh_from_db()
    assert plan.share_token
    shared_url = reverse("planner:shared", args=[plan.share_token])
    assert (
        shared_url
        in client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    )
    client.logout()
    response = client.get(shared_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pass the MLT(ASCP) exam" in html
    assert "my private worry" not in html
    assert '<form method="post"' not in html
    client.force_login(user)
    client.post(reverse("planner:sharing", args=[plan.pk]), {"action": "disable"})
    client.logout()
    assert client.get(shared_url).status_code == 404


def test_print_page_has_everything_and_no_navigation(client, user, world):
    plan = make_plan(user, world)
    services.update_milestone(milestone=milestone(plan, "exam"), notes="Bring ID")
    client.force_login(user)
    response = client.get(reverse("planner:print", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "css/print.css" in html
    assert "<nav" not in html
    assert "site-header" not in html
    assert "Bring ID" in html
    assert "[ ] Apply for the exam" in html
    assert "Apply for a Calisota licence" in html


def test_continuing_education_log_after_certification(client, user, world):
    plan = make_plan(user, world)
    client.force_login(user)
    detail = reverse("planner:detail", args=[plan.pk])
    assert 'id="continuing-education"' not in client.get(detail).content.decode()
    services.update_milestone(milestone=milestone(plan, "exam"), status="done")
    html = client.get(detail).content.decode()
    assert 'id="continuing-education"' in html
    assert "of 36 points earned" in html
    response = client.post(
        reverse("planner:add_ce_entry", args=[plan.pk]),
        {
            "certification": world.mlt_ascp.pk,
            "activity": "Safety webinar",
            "completed_on": timezone.localdate().isoformat(),
            "points": "2",
            "category": "Laboratory safety",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Safety webinar" in html
    assert "<strong>2</strong> of 36 points earned" in html
    assert "34 points" in html
    # Bad input: nothing saved, a message says why.
    response = client.post(
        reverse("planner:add_ce_entry", args=[plan.pk]),
        {
            "certification": world.mlt_ascp.pk,
            "activity": "",
            "completed_on": "x",
            "points": "-1",
        },
        follow=True,
    )
    assert plan.ce_entries.count() == 1
    assert "Enter a real date" in response.content.decode()


def test_delete_plan(client, user, world):
    plan = make_plan(user, world)
    client.force_login(user)
    assert client.get(reverse("planner:delete", args=[plan.pk])).status_code == 200
    response = client.post(reverse("planner:delete", args=[plan.pk]))
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists()


# --- access ----------------------------------------------------------------------------------


def plan_urls(plan: Plan) -> list[tuple[str, str, dict[str, Any]]]:
    exam = milestone(plan, "exam")
    return [
        ("get", reverse("planner:detail", args=[plan.pk]), {}),
        ("get", reverse("planner:edit", args=[plan.pk]), {}),
        ("post", reverse("planner:edit", args=[plan.pk]), {"target_role": "x"}),
        ("get", reverse("planner:print", args=[plan.pk]), {}),
        ("get", reverse("planner:delete", args=[plan.pk]), {}),
        ("post", reverse("planner:regenerate_calendar", args=[plan.pk]), {}),
        ("post", reverse("planner:sharing", args=[plan.pk]), {"action": "enable"}),
        ("post", reverse("planner:add_ce_entry", args=[plan.pk]), {}),
        (
            "post",
            reverse("planner:milestone_update", args=[plan.pk, exam.pk]),
            {"status": "done"},
        ),
        ("post", reverse("planner:delete", args=[plan.pk]), {}),  # last: it deletes
    ]


def test_access_walk_anonymous_is_sent_to_login(client, user, world):
    plan = make_plan(user, world)
    urls = [
        *plan_urls(plan),
        ("get", reverse("planner:dashboard"), {}),
    ]
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("account_login")), url
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert (
        client.get(reverse("planner:shared", args=["not-a-token"])).status_code == 404
    )


def test_access_walk_other_user_gets_404_everywhere(client, user, other_user, world):
    plan = make_plan(user, world)
    client.force_login(other_user)
    for method, url, data in plan_urls(plan):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    plan.refresh_from_db()
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert plan.share_token is None
    assert milestone(plan, "exam").status == "not_started"
    # The other user's own dashboard does not show it either.
    assert "Calisota" not in client.get(reverse("planner:dashboard")).content.decode()


def test_access_walk_owner_gets_through(client, user, world):
    plan = make_plan(user, world)
    client.force_login(user)
    for method, url, data in plan_urls(plan):
        response = getattr(client, method)(url, data)
        expected = 200 if method == "get" or "edit" in url else 302
        assert response.status_code == expected, (method, url)
    assert not Plan.objects.filter(pk=plan.pk).exists()


# --- query counts ----------------------------------------------------------------------------


def plan_with_milestones(owner, world: SimpleNamespace, count: int) -> Plan:
    today = timezone.localdate()
    plan = Plan.objects.create(
        owner=owner,
        target_role=world.role,
        state=world.california,
        education_level="high_school",
        start_date=today,
        estimated_finish=today + dt.timedelta(days=count * 7),
    )
    phases = ["Education", "Certification", "Licensure", "Career"]
    milestones = Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            key=f"step-{i}",
            kind="certification" if i % 3 == 0 else "education",
            phase=phases[i % 4],
            title=f"Step {i}",
            order=i,
            status=["not_started", "in_progress", "skipped"][i % 3],
            start_date=today + dt.timedelta(days=i * 7 - 30),
            due_date=today + dt.timedelta(days=i * 7),
            certification=world.mlt_ascp if i % 3 == 0 else None,
            is_exam=i % 3 == 0,
            state=world.california if i % 5 == 0 else None,
            links=[{"label": "Board", "url": "https://example.org/board"}],
            archived=i % 10 == 9,
        )
        for i in range(count)
    )
    ChecklistItem.objects.bulk_create(
        ChecklistItem(milestone=m, order=j, text=f"Item {j}")
        for m in milestones
        for j in range(2)
    )
    return plan


@pytest.mark.parametrize("count", [5, 200])
def test_dashboard_query_count_is_fixed(
    client, user, world, django_assert_num_queries, count
):
    plan_with_milestones(user, world, count)
    client.force_login(user)
    # 1 session, 2 user, 3 the user's plans' versions with the content version (the cache
    # key), 4 the plans with role, state and archived count for the switcher, 5 the shown
    # plan's current milestones with their certification and checklists. The role's program
    # types come with the role (they were a deferred load, one more query); this world's
    # role cites no tuition, which would be one more.
    with django_assert_num_queries(5):
        response = client.get(reverse("planner:dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count('<li id="milestone-') == count - count // 10
    # Reloading the unchanged plan: the whole page comes from the cache: session, user and
    # the versions, nothing else.
    with django_assert_num_queries(3):
        again = client.get(reverse("planner:dashboard"))
    assert again.content.decode().count('<li id="milestone-') == count - count // 10


def test_dashboard_reload_shows_a_change_made_since(client, user, world):
    plan = plan_with_milestones(user, world, 5)
    client.force_login(user)
    first = plan.visible_milestones[0]
    assert f'id="m{first.pk}-head" class="milestone-head status-not_started"' in (
        client.get(reverse("planner:dashboard")).content.decode()
    )
    client.post(
        reverse("planner:milestone_update", args=[plan.pk, first.pk]),
        {"status": "done", "notes": "Booked it."},
    )
    page = client.get(reverse("planner:dashboard")).content.decode()
    assert f'id="m{first.pk}-head" class="milestone-head status-done"' in page
    assert "Booked it." in page


def test_cached_dashboard_forms_carry_a_working_csrf_token(user, world):
    """The cached HTML gets the requesting session's token, so its forms still submit."""
    plan = plan_with_milestones(user, world, 5)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get(reverse("planner:dashboard"))  # renders and caches
    page = browser.get(reverse("planner:dashboard")).content.decode()  # from the cache
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert tokens
    assert not any(t.startswith("csrf-") for t in tokens)
    milestone = plan.visible_milestones[0]
    response = browser.post(
        reverse("planner:milestone_update", args=[plan.pk, milestone.pk]),
        {"status": "in_progress", "csrfmiddlewaretoken": tokens.pop()},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == "in_progress"
    # The page after the change is new, but its other milestones come from their own cached
    # fragments: their forms must carry this session's token too.
    page = browser.get(reverse("planner:dashboard")).content.decode()
    other = plan.visible_milestones[1]
    form = page[page.index(f'id="milestone-{other.pk}"') :]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert found
    token = found.group(1)
    response = browser.post(
        reverse("planner:milestone_update", args=[plan.pk, other.pk]),
        {"status": "done", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == "done"


def _nonce(response) -> str:
    found = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert found is not None
    return found[1]


def test_a_cached_dashboard_gets_a_fresh_nonce_and_token_each_time(user, world):
    """The whole page is cached, but a CSP nonce that repeats protects nothing: each response
    carries its own, in the header and in the page alike."""
    plan_with_milestones(user, world, 5)
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    pages = [c.get(reverse("planner:dashboard")) for c in (first, second, first)]
    nonces = [_nonce(r) for r in pages]
    assert len(set(nonces)) == 3
    for response, nonce in zip(pages, nonces, strict=True):
        html = response.content.decode()
        assert f'"inlineScriptNonce": "{nonce}"' in html
        assert "nonce-" not in html.replace(f"nonce-{nonce}", "")  # no placeholder left
    tokens = [
        set(
            re.findall(
                r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode()
            )
        )
        for r in pages[:2]
    ]
    assert tokens[0]
    assert tokens[1]
    assert tokens[0] != tokens[1]  # each session its own


def test_a_flash_message_on_the_dashboard_is_shown_once_and_never_cached(
    client, user, world
):
    plan = plan_with_milestones(user, world, 5)
    client.force_login(user)
    client.get(reverse("planner:dashboard"))  # cached without a message
    milestone = plan.visible_milestones[0]
    client.post(
        reverse("planner:milestone_update", args=[plan.pk, milestone.pk]),
        {"status": "in_progress"},
    )
    shown = client.get(reverse("planner:dashboard")).content.decode()
    message = 'class="message message-'
    assert message in shown
    assert message not in client.get(reverse("planner:dashboard")).content.decode()


def test_the_cached_dashboard_does_not_echo_another_visits_search(client, user, world):
    plan_with_milestones(user, world, 5)
    client.force_login(user)
    echoed = client.get(reverse("planner:dashboard"), {"q": "phlebotomy"})
    assert 'value="phlebotomy"' in echoed.content.decode()
    plain = client.get(reverse("planner:dashboard")).content.decode()
    assert 'value="phlebotomy"' not in plain
    assert 'id="site-search" type="search" name="q"' in plain


def test_after_a_change_only_the_changed_milestone_is_rendered_again(
    client, user, world
):
    plan = plan_with_milestones(user, world, 5)
    client.force_login(user)
    client.get(reverse("planner:dashboard"))
    changed, unchanged = plan.visible_milestones[:2]
    version, _ = versioning.current()

    def fragment(m: Milestone) -> str | None:
        m.refresh_from_db()
        key = make_template_fragment_key(
            "plan_milestone",
            # ... and the language: a fragment is cached once per language.
            [m.pk, m.updated_at, m.is_overdue(timezone.localdate()), version, "en"],
        )
        return cache.get(key)

    before = fragment(unchanged)
    assert before is not None
    services.update_milestone(milestone=changed, status="in_progress")
    assert fragment(changed) is None  # a new version: not rendered yet

    page = client.get(reverse("planner:dashboard")).content.decode()

    assert f'id="m{changed.pk}-head" class="milestone-head status-in_progress"' in page
    assert fragment(changed) is not None
    assert fragment(unchanged) == before  # reused, not rendered again


def test_a_note_keeps_the_timeline_picture_and_a_status_change_redraws_it(
    client, user, world, monkeypatch
):
    """The timeline section is kept by a digest of what it draws: a note changes the plan
    (so its page) but not the picture, which is then not rendered again; a status change
    is drawn at once."""
    plan = plan_with_milestones(user, world, 5)
    client.force_login(user)
    backend = caches["default"]  # where `{% cache %}` keeps fragments here
    drawn: list[str] = []
    real_set = backend.set

    def recording_set(key: str, *args: Any, **kwargs: Any) -> Any:
        if key.startswith("template.cache.plan_timeline."):
            drawn.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(backend, "set", recording_set)

    def section(page: str) -> str:
        start = page.index('<section id="plan-timeline"')
        return page[start : page.index("</section>", start)]

    first = section(client.get(reverse("planner:dashboard")).content.decode())
    assert len(drawn) == 1
    step = plan.visible_milestones[0]
    services.update_milestone(milestone=step, notes="Called the program office.")
    page = client.get(reverse("planner:dashboard")).content.decode()
    assert "Called the program office." in page  # the page itself is new
    assert section(page) == first
    assert len(drawn) == 1  # ... and the picture was not drawn again

    services.update_milestone(milestone=step, status="done")
    redrawn = section(client.get(reverse("planner:dashboard")).content.decode())
    assert len(drawn) == 2
    assert redrawn != first
    done_fill = 'fill="#1d6b3a"'
    assert redrawn.count(done_fill) > first.count(done_fill)


def test_after_a_change_only_the_body_is_rendered_again_inside_the_kept_shell(
    client, user, other_user, world, monkeypatch
):
    """The header, menu and footer around a plan are kept per user, language and path: a
    change renders the body again, and the page is the same as one rendered whole."""
    plan = plan_with_milestones(user, world, 5)
    client.force_login(user)
    shells: list[str] = []

    def recording_render(name: str, *args: Any, **kwargs: Any) -> str:
        if name == views.DETAIL_TEMPLATE:
            shells.append(name)
        return render_to_string(name, *args, **kwargs)

    monkeypatch.setattr(views, "render_to_string", recording_render)
    client.get(reverse("planner:dashboard"))
    assert len(shells) == 1
    services.update_milestone(
        milestone=plan.visible_milestones[0], notes="Asked about evening labs."
    )
    kept = client.get(reverse("planner:dashboard")).content.decode()
    assert len(shells) == 1  # the shell came from the cache
    assert "Asked about evening labs." in kept
    assert kept.count("<header") == 1
    assert kept.count('<main id="main"') == 1

    caches["default"].clear()
    whole = client.get(reverse("planner:dashboard")).content.decode()
    assert len(shells) == 2

    def without_nonce(page: str) -> str:
        return re.sub(r"nonce-[A-Za-z0-9_\-+/=]+|\"[A-Za-z0-9_\-+/=]{22,}\"", "", page)

    assert without_nonce(kept) == without_nonce(whole)
    # Another user's dashboard is built in a shell of their own.
    make_plan(other_user, world)
    client.force_login(other_user)
    theirs = client.get(reverse("planner:dashboard")).content.decode()
    assert len(shells) == 3
    assert "Asked about evening labs." not in theirs


@pytest.mark.parametrize("count", [5, 200])
def test_dashboard_query_count_with_continuing_education(
    client, user, world, django_assert_num_queries, count
):
    plan = plan_with_milestones(user, world, count)
    plan.milestones.filter(key="step-0").update(
        status="done", completed_on=timezone.localdate()
    )
    client.force_login(user)
    # 1 session, 2 user, 3 plan versions with the content version, 4 plans with role,
    # state and archived count, 5 milestones with their checklists, 6 earned certifications
    # (CE progress), 7 CE entries for progress, 8 their certifications, 9 CE entries (with
    # credential) for the log (the role's program types come with the role; they were a
    # deferred load, one more query)
    with django_assert_num_queries(9):
        response = client.get(reverse("planner:dashboard"))
    assert response.status_code == 200
    assert 'id="continuing-education"' in response.content.decode()


def test_other_users_plans_never_in_switcher(client, user, other_user, world):
    make_plan(user, world)
    theirs = make_plan(other_user, world)
    UserFactory()
    client.force_login(user)
    html = client.get(reverse("planner:dashboard")).content.decode()
    assert reverse("planner:detail", args=[theirs.pk]) not in html
