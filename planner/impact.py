"""What an edit to a pathway step would change for new plans, shown to the editor before saving.

A step's duration or conditions can flip "Help me choose" (the body that finishes soonest) or
the route chosen for many people at once. `compare` plans every answer combination of a fixed
grid twice, with the templates as they are and as they would be, and counts what moves: the
chosen body, the chosen route, whether the step appears at all, and the finish date. Pure: it
takes planning contexts and returns counts; `preview_step_change` reads them from the database.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from planner.planning import (
    CertifyingBodyChoice,
    EducationLevel,
    PlanAnswers,
    PlanningContext,
    PlanResult,
    StudyPace,
    TemplateStep,
    build_plan,
)

if TYPE_CHECKING:
    from planner.models import PathwayStep

# States whose licensing differs in kind (none, categories with trainee licenses, a board exam,
# a standard license), plus "no state": a grid small enough to plan twice within a request.
IMPACT_STATES: tuple[str | None, ...] = (None, "CA", "FL", "NY", "TN", "TX")
BODIES: tuple[str | None, ...] = (None, *CertifyingBodyChoice.values)


def combinations(
    roles: Iterable[str], states: Iterable[str | None] = IMPACT_STATES
) -> list[PlanAnswers]:
    """Every role x education x state x body (including "Help me choose") x pace."""
    return [
        PlanAnswers(role, level, state, body, pace)
        for role, level, state, body, pace in itertools.product(
            roles, EducationLevel.values, states, BODIES, StudyPace.values
        )
    ]


@dataclass(frozen=True)
class _Outcome:
    body: str | None
    route: str | None
    finish: date
    has_step: bool


def _outcome(result: PlanResult, key: str) -> _Outcome:
    route = result.chosen_route
    return _Outcome(
        body=result.chosen_body,
        route=f"{route.certification} Route {route.route}" if route else None,
        finish=result.estimated_finish,
        has_step=any(s.key == key or s.key.endswith(f"-{key}") for s in result.steps),
    )


@dataclass(frozen=True)
class Impact:
    combinations: int
    # (body before, body after) -> how many "Help me choose" combinations move.
    body_moves: Mapping[tuple[str, str], int] = field(default_factory=dict)
    route_changes: int = 0
    finish_later: int = 0
    finish_earlier: int = 0
    with_step_before: int = 0
    with_step_after: int = 0

    @property
    def changes_nothing(self) -> bool:
        return not (
            self.body_moves
            or self.route_changes
            or self.finish_later
            or self.finish_earlier
            or self.with_step_before != self.with_step_after
        )

    def lines(self, body_names: Mapping[str, str] | None = None) -> list[str]:
        """Plain sentences for the editor, largest effects first."""
        names = body_names or {}
        of = f"of {self.combinations:,} answer combinations"
        lines = []
        for (before, after), count in sorted(
            self.body_moves.items(), key=lambda item: -item[1]
        ):
            lines.append(
                f'"Help me choose" moves {count:,} {of} from '
                f"{names.get(before, before)} to {names.get(after, after)}."
            )
        if self.route_changes:
            lines.append(
                f"The chosen eligibility route changes in {self.route_changes:,} {of}."
            )
        if self.finish_later:
            lines.append(f"The plan finishes later in {self.finish_later:,} {of}.")
        if self.finish_earlier:
            lines.append(f"The plan finishes earlier in {self.finish_earlier:,} {of}.")
        if self.with_step_before != self.with_step_after:
            lines.append(
                f"The step appears in {self.with_step_after:,} {of} "
                f"(now {self.with_step_before:,})."
            )
        if self.with_step_after == 0:
            lines.append(
                "No combination would include this step: check its conditions "
                "(roles, education levels, body, license, route need)."
            )
        if not lines:
            lines.append(
                f"No change in any of the {self.combinations:,} answer combinations."
            )
        return lines


def compare(
    contexts: Mapping[str | None, PlanningContext],
    steps_after: Sequence[TemplateStep],
    answers: Iterable[PlanAnswers],
    *,
    key: str,
    today: date,
) -> Impact:
    """Plan each answer set with the context's templates and with `steps_after`.

    `contexts` maps each state in the answers to its context (as `selectors.load_context`
    builds it); `key` is the edited step's key (credential-keyed milestones end with it).
    """
    moves: Counter[tuple[str, str]] = Counter()
    total = routes = later = earlier = before_count = after_count = 0
    after_contexts = {
        state: dataclasses.replace(context, template_steps=list(steps_after))
        for state, context in contexts.items()
    }
    for item in answers:
        total += 1
        before = _outcome(
            build_plan(item, context=contexts[item.state], today=today), key
        )
        after = _outcome(
            build_plan(item, context=after_contexts[item.state], today=today), key
        )
        before_count += before.has_step
        after_count += after.has_step
        if item.certifying_body is None and before.body != after.body:
            moves[(before.body or "none", after.body or "none")] += 1
        routes += before.route != after.route
        later += after.finish > before.finish
        earlier += after.finish < before.finish
    return Impact(
        combinations=total,
        body_moves=dict(moves),
        route_changes=routes,
        finish_later=later,
        finish_earlier=earlier,
        with_step_before=before_count,
        with_step_after=after_count,
    )


def preview_step_change(
    step: PathwayStep, target_roles: Iterable[str], *, today: date
) -> Impact:
    """The impact of saving `step` (an edited or new, unsaved instance) with these roles."""
    from content.models import Role
    from planner import selectors
    from planner.models import PathwayStep

    saved = list(
        PathwayStep.objects.filter(template__is_active=True)
        .select_related("template")
        .prefetch_related(Prefetch("when_target_roles", Role.objects.only("slug")))
    )
    edited = [s for s in saved if step.pk is None or s.pk != step.pk]
    if step.template.is_active:
        edited.append(step)
    edited.sort(key=lambda s: (s.template.order, s.template_id, s.order, s.pk or 2**63))
    steps_after = [
        s.as_info(target_roles) if s is step else s.as_info() for s in edited
    ]
    roles = list(Role.objects.published().values_list("slug", flat=True))
    if not roles:
        return Impact(combinations=0)
    contexts = {}
    for state in IMPACT_STATES:
        context = selectors.load_context(PlanAnswers(roles[0], "high_school", state))
        if state is None or context.state is not None:
            contexts[state] = context
    return compare(
        contexts,
        steps_after,
        combinations(roles, contexts),
        key=step.key,
        today=today,
    )
