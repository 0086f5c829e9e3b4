"""The skill tree as a student sees it, computed from plain data (no ORM here).

A node's state: mastered (demonstrated mastery >= 90), in progress, ready (unlocked, not
started) or locked. A skill is unlocked when it has no prerequisites, when it was unlocked
before (unlocks are kept) or practised, or when every prerequisite's current mastery
reaches the required level.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from . import rules

# SVG geometry, in user units.
NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 170, 64, 30, 46, 12
BAR_INSET = 14
BAR_W = NODE_W - 2 * BAR_INSET


@dataclass
class Node:
    id: int
    name: str
    prerequisite_ids: tuple[int, ...]
    required: int
    params: rules.BktParams
    position: int = 0
    ref: object = None  # the caller's object for this skill, carried along for display
    state: rules.ProgressState | None = None
    unlocked_before: bool = False
    # Filled by build():
    mastery: int = 0  # current, with forgetting
    demonstrated: int = 0  # at the last practice
    level: str = "not_started"
    status: str = "locked"
    due_for_refresh: bool = False
    refreshed: bool = False
    answers_to_unlock: int | None = None
    blocking_ids: tuple[int, ...] = ()
    depth: int = 0
    x: float = 0
    y: float = 0
    fill_x: float = BAR_INSET
    fill_w: float = 0
    unlocks_ids: list[int] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return self.state.attempts if self.state else 0


def depths(prerequisites: Mapping[int, Sequence[int]]) -> dict[int, int]:
    """Longest prerequisite chain below each skill (roots are 0). Assumes a DAG."""
    memo: dict[int, int] = {}

    def depth(node: int) -> int:
        if node not in memo:
            parents = [p for p in prerequisites.get(node, ()) if p in prerequisites]
            memo[node] = 1 + max(map(depth, parents)) if parents else 0
        return memo[node]

    for node in prerequisites:
        depth(node)
    return memo


def build(nodes: list[Node], now: datetime) -> list[Node]:
    by_id = {n.id: n for n in nodes}
    for node in nodes:
        if node.state is not None:
            node.mastery = node.state.mastery_at(now)
            node.demonstrated = rules.mastery_percent(node.state.p_known)
            node.level = rules.mastery_level(node.mastery, node.state.attempts)
            node.due_for_refresh = node.state.due_for_refresh(now)
            node.refreshed = node.state.half_life_days > rules.INITIAL_HALF_LIFE_DAYS
    for node in nodes:
        prereqs = [by_id[p] for p in node.prerequisite_ids if p in by_id]
        for p in prereqs:
            p.unlocks_ids.append(node.id)
        blocking = [p for p in prereqs if p.mastery < node.required]
        # Practised already (e.g. reported by the host platform) means open, too.
        unlocked = not prereqs or node.unlocked_before or node.attempts > 0 or not blocking
        node.blocking_ids = tuple(p.id for p in blocking)
        node.status = rules.skill_state(
            mastery=node.demonstrated, attempts=node.attempts, unlocked=unlocked
        )
        if not unlocked:
            needed = [
                rules.correct_answers_to_reach(
                    p.state.p_at(now) if p.state else p.params.p_init, node.required, p.params
                )
                for p in blocking
            ]
            node.answers_to_unlock = None if None in needed else sum(needed)
    for node_id, depth in depths({n.id: n.prerequisite_ids for n in nodes}).items():
        by_id[node_id].depth = depth
    return nodes


def focus(nodes: list[Node]) -> Node | None:
    """What to work on now: the in-progress skill practised most recently, else the first
    ready one, else a skill due for a refresh."""
    in_progress = [n for n in nodes if n.status == "in_progress" and n.state]
    if in_progress:
        return max(in_progress, key=lambda n: n.state.last_practiced_at)
    ready = [n for n in nodes if n.status == "ready"]
    if ready:
        return min(ready, key=lambda n: (n.depth, n.position))
    due = [n for n in nodes if n.due_for_refresh]
    return due[0] if due else None


def layout(nodes: list[Node], *, rtl: bool) -> tuple[float, float]:
    """Place nodes in rows by depth (roots on top); mirror for right-to-left reading.
    Returns the drawing's width and height."""
    rows: dict[int, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.depth, n.position, n.id)):
        rows.setdefault(node.depth, []).append(node)
    widest = max((len(r) for r in rows.values()), default=1)
    width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X
    for depth, row in rows.items():
        row_width = len(row) * NODE_W + (len(row) - 1) * GAP_X
        start = (width - row_width) / 2
        for i, node in enumerate(row):
            x = start + i * (NODE_W + GAP_X)
            node.x = width - x - NODE_W if rtl else x
            node.y = PAD + depth * (NODE_H + GAP_Y)
            node.fill_w = round(BAR_W * node.mastery / 100, 1)
            # The bar fills from the reading start: the right edge in Arabic.
            node.fill_x = BAR_INSET + (BAR_W - node.fill_w if rtl else 0)
    height = PAD * 2 + len(rows) * NODE_H + max(0, len(rows) - 1) * GAP_Y
    return width, height


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    done: bool


def edges(nodes: list[Node]) -> list[Edge]:
    by_id = {n.id: n for n in nodes}
    result = []
    for node in nodes:
        for pid in node.prerequisite_ids:
            parent = by_id.get(pid)
            if parent is None:
                continue
            result.append(
                Edge(
                    parent.x + NODE_W / 2,
                    parent.y + NODE_H,
                    node.x + NODE_W / 2,
                    node.y,
                    done=parent.mastery >= node.required,
                )
            )
    return result
