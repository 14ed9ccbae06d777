"""`{% review_due_counts as rows %}` for the editors' dashboard (the admin index)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def review_due_counts(context: Any) -> list[dict[str, Any]]:
    from content.admin import review_due_counts as counts

    user = getattr(context.get("request"), "user", None)
    if user is None or not (user.is_superuser or user.has_module_perms("content")):
        return []
    return counts()
