"""The editor's impact preview for a pathway-step edit (planner/impact.py, the step admin)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from planner.impact import combinations, compare
from planner.models import PathwayStep
from planner.planning import PlanningContext, TemplateStep
from tests.accounts.factories import UserFactory
from tests.planner.factories import MLT

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)
STATES = (None, "TX")


def _impact(
    contexts: dict[str | None, PlanningContext],
    steps: list[TemplateStep],
    key: str = "",
):
    grid = {state: contexts[state] for state in STATES}
    return compare(grid, steps, combinations([MLT], STATES), key=key, today=TODAY)


def test_unchanged_templates_change_nothing(contexts) -> None:
    steps = contexts[None].template_steps
    impact = _impact(contexts, steps, "mlt-program")

    assert impact.combinations == 6 * 2 * 3 * 2  # levels x states x bodies x paces
    assert impact.changes_nothing
    assert impact.lines() == ["No change in any of the 72 answer combinations."]


def _with_amt_mlt_routes_confirmed(context: PlanningContext) -> PlanningContext:
    """The seeded context as it will be once editors confirm AMT's MLT routes: today they
    are unconfirmed, so "Help me choose" prefers ASCP's confirmed routes whatever the dates."""
    certifications = [
        dataclasses.replace(
            c,
            routes=tuple(
                dataclasses.replace(
                    r,
                    verified=True,
                    items=tuple(
                        dataclasses.replace(i, verified=True)
                        for i in r.items
                        if i.kind != "other"
                    ),
                )
                for r in c.routes
            ),
        )
        if c.slug == "mlt-amt"
        else c
        for c in context.certifications
    ]
    return dataclasses.replace(context, certifications=certifications)


def _college_step_in_four_weeks(contexts: dict[Any, Any]) -> list[Any]:
    """The template steps with the `mlt-degree` step cut to four weeks."""
    return [
        dataclasses.replace(s, duration_weeks=Decimal(4))
        if s.key == "mlt-degree"
        else s
        for s in contexts[None].template_steps
    ]


def test_a_shorter_college_step_moves_help_me_choose_to_amt(contexts) -> None:
    # Where both bodies' routes are equally certain, "Help me choose" takes the one that
    # finishes sooner: AMT's college-credit route (the `mlt-degree` step) against ASCP's
    # program route. Cutting that step to four weeks hands those combinations to AMT.
    confirmed = {s: _with_amt_mlt_routes_confirmed(contexts[s]) for s in STATES}
    steps = _college_step_in_four_weeks(contexts)
    impact = _impact(confirmed, steps, "mlt-degree")

    moved = impact.body_moves.get(("ascp", "amt"), 0)
    assert moved > 0
    assert set(impact.body_moves) == {("ascp", "amt")}
    assert impact.finish_earlier >= moved
    assert impact.route_changes >= moved  # another body, so another route
    lines = impact.lines({"ascp": "ASCP BOC", "amt": "AMT"})
    assert lines[0] == (
        f'"Help me choose" moves {moved} of 72 answer combinations from ASCP BOC to AMT.'
    )


def test_while_amt_routes_are_unconfirmed_dates_do_not_move_the_body(contexts) -> None:
    steps = _college_step_in_four_weeks(contexts)
    impact = _impact(contexts, steps, "mlt-degree")

    assert impact.body_moves == {}
    assert impact.finish_earlier > 0


def test_conditions_no_plan_can_meet_are_called_out(contexts) -> None:
    # An MLT with a bachelor's in MLS has met AMT's route: no program is ever needed.
    never = TemplateStep(
        key="never-step",
        kind="education",
        title="Never planned",
        duration_weeks=Decimal(4),
        when_target_roles=frozenset({MLT}),
        when_education_levels=frozenset({"bachelor_mls"}),
        when_body="amt",
        when_route_needs="program",
    )
    impact = _impact(contexts, [*contexts[None].template_steps, never], never.key)

    assert impact.with_step_after == 0
    assert any("No combination would include this step" in x for x in impact.lines())


def _form_data(step: PathwayStep, **changes: Any) -> dict[str, Any]:
    # The admin shows each text field once per language (`title_en`, `title_es`).
    data = {
        "template": step.template_id,
        "key": step.key,
        "order": step.order,
        "kind": step.kind,
        "phase_en": step.phase_en,
        "phase_es": step.phase_es or "",
        "title_en": step.title_en,
        "title_es": step.title_es or "",
        "guidance_en": step.guidance_en,
        "guidance_es": step.guidance_es or "",
        "duration_weeks": step.duration_weeks or "",
        "cost_usd": step.cost_usd or "",
        "cost_as_of": step.cost_as_of,
        "link_to": step.link_to,
        "checklist_en": step.checklist_en,
        "checklist_es": step.checklist_es or "",
        "alongside_previous": "on" if step.alongside_previous else "",
        "when_target_roles": [r.pk for r in step.when_target_roles.all()],
        "when_education_levels": list(step.when_education_levels),
        "when_body": step.when_body,
        "when_state_requires_license": {None: "unknown", True: "true", False: "false"}[
            step.when_state_requires_license
        ],
        "when_route_needs": step.when_route_needs,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_editor_previews_an_edit_without_saving_it(client, editor) -> None:
    step = PathwayStep.objects.get(key="mlt-program")
    client.force_login(editor)
    change_url = reverse("admin:planner_pathwaystep_change", args=[step.pk])
    url = reverse("admin:planner_pathwaystep_impact", args=[step.pk])

    form = client.get(change_url)
    assert form.status_code == 200
    assert f'formaction="{url}"' in form.content.decode()

    page = client.post(url, _form_data(step, duration_weeks="300"))

    assert page.status_code == 200, page.content.decode()[:2000]
    text = page.content.decode()
    assert "answer combinations planned before and after" in text
    assert "The plan finishes later in" in text
    step.refresh_from_db()
    assert step.duration_weeks == Decimal(78)  # nothing saved


def test_preview_of_an_invalid_edit_lists_the_errors(client, editor) -> None:
    step = PathwayStep.objects.get(key="mlt-program")
    client.force_login(editor)
    url = reverse("admin:planner_pathwaystep_impact", args=[step.pk])

    page = client.post(url, _form_data(step, title_en="Study with {acreditors}"))

    assert page.status_code == 200
    assert "Unknown placeholder {acreditors}" in page.content.decode()
    assert client.get(url).status_code == 405
    step.refresh_from_db()
    assert "{acreditors}" not in step.title


def test_preview_needs_an_editor(client) -> None:
    step = PathwayStep.objects.get(key="mlt-program")
    client.force_login(UserFactory())
    url = reverse("admin:planner_pathwaystep_impact", args=[step.pk])

    response = client.post(url, {})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_preview_lines_are_plain_sentences() -> None:
    impact = dataclasses.replace(
        compare({}, [], [], key="x", today=TODAY),
        combinations=720,
        body_moves={("ascp", "amt"): 240},
        route_changes=3,
        with_step_before=10,
        with_step_after=10,
    )
    assert impact.lines({"ascp": "ASCP", "amt": "AMT"})[:2] == [
        '"Help me choose" moves 240 of 720 answer combinations from ASCP to AMT.',
        "The chosen eligibility route changes in 3 of 720 answer combinations.",
    ]
