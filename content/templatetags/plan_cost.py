"""`{% plan_cost plan %}`: a plan's cost as a cited range and its parts (planner/planning.py)."""

from __future__ import annotations

from typing import Any

from django import template

from content import facts
from planner import planning

register = template.Library()


def _cost_items(plan: Any) -> list[planning.CostItem]:
    state = plan.state if type(plan).state.is_cached(plan) else None
    items = []
    for m in plan.visible_milestones:
        check_with, check_url = "", ""
        if m.kind == planning.MilestoneKind.CERTIFICATION:
            cert = m.certification if type(m).certification.is_cached(m) else None
            check_with = f"the certifying body ({cert.abbreviation})" if cert else ""
            check_url = cert.get_absolute_url() if cert else ""
        elif m.kind == planning.MilestoneKind.LICENSURE:
            check_with = (
                state.board_name or "the state board" if state else "the state board"
            )
            check_url = state.get_absolute_url() if state else "/licensure/"
        items.append(
            planning.CostItem(
                kind=m.kind,
                title=m.title,
                cost_usd=m.cost_usd,
                cost_as_of=m.cost_as_of,
                status=m.status,
                check_with=check_with,
                check_url=check_url,
                renewal=m.key.endswith(planning.RENEWAL_KEY_SUFFIX),
            )
        )
    return items


@register.inclusion_tag("planner/_plan_cost.html", takes_context=True)
def plan_cost(
    context: template.Context, plan: Any, collapsed: bool = False
) -> dict[str, Any]:
    """`collapsed`: the parts behind a disclosure (the plan page, kept short on a phone).

    Where the page read the content version (`content_version`), the tuition facts are
    the ones kept for it (`facts.tuition_infos`)."""
    items = _cost_items(plan)
    role = plan.target_role
    programs = planning.tuition_programs(role.programs, plan.education_level)
    needs_tuition = any(
        i.kind == planning.MilestoneKind.EDUCATION
        and i.status
        not in (planning.MilestoneStatus.DONE, planning.MilestoneStatus.SKIPPED)
        for i in items
    )
    labels = dict(role._meta.get_field("program").choices)
    return {
        "collapsed": collapsed,
        "cost": planning.cost_breakdown(
            items=items,
            tuition=facts.tuition_infos(
                programs, content_version=context.get("content_version")
            )
            if needs_tuition
            else [],
            programs=programs,
            program_label=", ".join(str(labels.get(p, p)) for p in programs),
        ),
    }
