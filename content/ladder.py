"""Lay out the career ladder (roles by career level, edges from `advances_to`) for an SVG."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from content.models import Role

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 150, 44, 24, 40, 12


@dataclass(frozen=True)
class Node:
    role: Role
    x: int
    y: int

    @property
    def cx(self) -> int:
        return self.x + NODE_W // 2

    @property
    def text_y(self) -> int:
        return self.y + NODE_H // 2 + 5


@dataclass(frozen=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Ladder:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    node_w: int = NODE_W
    node_h: int = NODE_H


def build_ladder(roles: list[Role]) -> Ladder:
    """Entry level at the bottom; each higher career level one row up."""
    by_level: dict[int, list[Role]] = defaultdict(list)
    for role in roles:
        by_level[role.career_level].append(role)
    levels = sorted(by_level)
    widest = max((len(v) for v in by_level.values()), default=1)
    width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X
    height = PAD * 2 + len(levels) * NODE_H + max(len(levels) - 1, 0) * GAP_Y
    nodes: dict[int, Node] = {}
    for row, level in enumerate(reversed(levels)):
        row_roles = by_level[level]
        row_width = len(row_roles) * NODE_W + (len(row_roles) - 1) * GAP_X
        x0 = (width - row_width) // 2
        for i, role in enumerate(row_roles):
            nodes[role.pk] = Node(
                role, x0 + i * (NODE_W + GAP_X), PAD + row * (NODE_H + GAP_Y)
            )
    edges = []
    for node in nodes.values():
        for target in node.role.advances_to.all():
            if (to := nodes.get(target.pk)) is None:
                continue
            if to.y < node.y:
                edges.append(Edge(node.cx, node.y, to.cx, to.y + NODE_H))
            else:  # same row: draw sideways
                left = node.x < to.x
                edges.append(
                    Edge(
                        node.x + (NODE_W if left else 0),
                        node.y + NODE_H // 2,
                        to.x + (0 if left else NODE_W),
                        to.y + NODE_H // 2,
                    )
                )
    return Ladder(list(nodes.values()), edges, width, height)
