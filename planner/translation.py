"""Spanish beside English for pathway templates and the plans generated from them.

A pathway step's Spanish title, guidance and checklist use the same placeholders as the English;
plan generation fills a milestone's Spanish text from them (planner/services.py), so switching
language re-renders a plan without touching its progress or notes.
"""

from __future__ import annotations

from content.translation import register_translations
from planner import models as m

TRANSLATED_FIELDS: dict[type, tuple[str, ...]] = {
    m.PathwayTemplate: ("name", "description"),
    m.PathwayStep: ("phase", "title", "guidance", "checklist"),
    m.Milestone: ("phase", "title", "description", "cost_as_of"),
    m.ChecklistItem: ("text",),
    # What the planner says about the plan as a whole: warnings and each route's missing
    # requirements (JSON lists), the reasons, and the cost's date ("date not stated").
    m.Plan: ("warnings", "body_reason", "route_summary", "routes", "cost_as_of"),
}

register_translations(TRANSLATED_FIELDS)
