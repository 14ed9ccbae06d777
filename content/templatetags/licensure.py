"""Template helpers for license categories (the rules themselves live in content/licensure.py)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from content import licensure
from content.models import LicenseCategory

register = template.Library()


@register.filter
def requirement_list(category: LicenseCategory) -> licensure.RequirementList:
    return licensure.requirement_list(category)


@register.filter
def requirement_kind_label(kind: str) -> str:
    return licensure.requirement_kind_label(kind)


@register.filter
def usd(value: Decimal | None) -> str:
    """$230, or $1,234.50 when there are cents."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"${value:,.0f}"
    return f"${value:,.2f}"
