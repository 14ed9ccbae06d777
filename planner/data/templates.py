"""Read planner/data/pathways.yaml into planning.TemplateStep values (no database)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from planner.planning import TemplateStep

PATHWAYS = Path(__file__).resolve().parent / "pathways.yaml"


def read_pathways(path: Path = PATHWAYS) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("templates", []))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def template_steps_from_yaml(path: Path = PATHWAYS) -> list[TemplateStep]:
    """The seeded steps in template then step order, as the planner sees them."""
    templates = sorted(
        enumerate(read_pathways(path)), key=lambda t: (t[1].get("order", 0), t[0])
    )
    return [
        TemplateStep(
            key=step["key"],
            kind=step["kind"],
            title=step["title"],
            phase=step.get("phase", ""),
            guidance=step.get("guidance", ""),
            duration_weeks=_decimal(step.get("duration_weeks")),
            cost_usd=_decimal(step.get("cost_usd")),
            cost_as_of=step.get("cost_as_of", ""),
            link_to=step.get("link_to", ""),
            checklist=tuple(step.get("checklist", [])),
            alongside_previous=step.get("alongside_previous", False),
            when_target_roles=frozenset(step.get("when_target_roles", [])),
            when_education_levels=frozenset(step.get("when_education_levels", [])),
            when_body=step.get("when_body", ""),
            when_state_requires_license=step.get("when_state_requires_license"),
            when_route_needs=step.get("when_route_needs", ""),
        )
        for _, template in templates
        for step in template.get("steps", [])
    ]
