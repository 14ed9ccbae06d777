"""Design-system helpers: icons from the vendored sprite (static/icons/sprite.svg).

An icon is decoration beside text that says the same thing, so it is hidden from assistive
technology; never use one alone as the only label of a link or button.
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# Role slug -> icon; a role not listed gets the generic laboratory icon.
ROLE_ICONS = {
    "phlebotomy-technician": "role-phlebotomy",
    "medical-laboratory-technician": "role-technician",
    "medical-laboratory-scientist": "role-scientist",
    "histotechnician": "role-histology",
    "cytotechnologist": "role-cytology",
    "molecular-technologist": "role-molecular",
    "blood-bank-technologist": "role-blood-bank",
    "lead-technologist": "role-lead",
    "laboratory-supervisor": "role-supervisor",
    "laboratory-manager": "role-manager",
}
ROLE_ICON_DEFAULT = "role-scientist"

# Milestone kind (planner.planning.MilestoneKind values) -> icon.
KIND_ICONS = {
    "education": "kind-education",
    "clinical_training": "kind-clinical_training",
    "experience": "kind-experience",
    "certification": "kind-certification",
    "licensure": "kind-licensure",
    "job_search": "kind-job_search",
    "continuing_education": "kind-continuing_education",
}
KIND_ICON_DEFAULT = "kind-other"


@register.simple_tag
def icon(name: str, css_class: str = "") -> SafeString:
    """`{% icon "search" %}`: an aria-hidden SVG that takes the text color of its parent."""
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="24" height="24">'
        '<use href="{}#{}"></use></svg>',
        classes,
        static("icons/sprite.svg"),
        name,
    )


@register.filter
def role_icon(slug: str) -> str:
    return ROLE_ICONS.get(slug, ROLE_ICON_DEFAULT)


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_ICONS.get(kind, KIND_ICON_DEFAULT)
