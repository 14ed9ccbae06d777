"""Arrange the career ladder: roles grouped by career level, with where each role leads.

The home page draws it as rows of cards (entry level first) with the links written out, so no
arrows cross and the same markup is the text alternative; a table repeats it by level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from content.models import Role


@dataclass(frozen=True)
class Rung:
    role: Role
    leads_to: list[Role] = field(default_factory=list)
    comes_from: list[Role] = field(default_factory=list)


@dataclass(frozen=True)
class Level:
    number: int
    rungs: list[Rung]

    @property
    def is_entry(self) -> bool:
        return self.number == 1


@dataclass(frozen=True)
class Ladder:
    levels: list[Level]

    @property
    def roles(self) -> list[Role]:
        return [rung.role for level in self.levels for rung in level.rungs]


def build_ladder(roles: list[Role]) -> Ladder:
    """Levels from entry (1) up; `advances_to` must be prefetched (Role.objects.for_list)."""
    shown = {role.pk: role for role in roles}
    leads: dict[int, list[Role]] = {}
    comes: dict[int, list[Role]] = defaultdict(list)
    for role in roles:
        leads[role.pk] = [t for t in role.advances_to.all() if t.pk in shown]
        for target in leads[role.pk]:
            comes[target.pk].append(role)
    by_level: dict[int, list[Rung]] = defaultdict(list)
    for role in sorted(roles, key=lambda r: (r.career_level, r.title)):
        by_level[role.career_level].append(
            Rung(role, leads[role.pk], sorted(comes[role.pk], key=lambda r: r.title))
        )
    return Ladder([Level(n, by_level[n]) for n in sorted(by_level)])
