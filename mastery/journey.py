"""A subject as a journey: stages passed, where the student is, what comes next (no ORM).

Stages follow the skill tree in prerequisite order (depth, then position). "You are here" is
the current focus (tree.focus: the skill the student is working on, never a fading one);
skills due for a refresh are a separate, gentle note. The next milestone is always something
the student can act on: master the current skill, open the next one, or refresh a fading one.
"""

from dataclasses import dataclass, field

from . import rules
from .tree import Node, focus

MASTERED = rules.MASTERED


@dataclass(frozen=True)
class Stage:
    node: Node
    kind: str  # completed, refresh, current, in_progress, ready, locked


@dataclass(frozen=True)
class Milestone:
    kind: str  # master, unlock, refresh, complete
    node: Node | None
    progress: int  # 0-100 towards the milestone


@dataclass(frozen=True)
class Journey:
    stages: list[Stage]
    current: Node | None
    milestone: Milestone
    story: str  # starting, exploring, almost, refresh, unlock, complete
    refresh: list[Node] = field(default_factory=list)  # fading skills, in tree order

    @property
    def completed(self) -> list[Node]:
        return [s.node for s in self.stages if s.kind == "completed"]


def ordered(nodes: list[Node]) -> list[Node]:
    """Prerequisite order: a skill comes after every skill it needs."""
    return sorted(nodes, key=lambda n: (n.depth, n.position, n.id))


def build(nodes: list[Node]) -> Journey:
    nodes = ordered(nodes)
    current = focus(nodes)
    stages = [Stage(node, _kind(node, current)) for node in nodes]
    refresh = [s.node for s in stages if s.kind == "refresh"]
    return Journey(
        stages, current, _milestone(nodes, current), _story(nodes, current, refresh), refresh
    )


def _kind(node: Node, current: Node | None) -> str:
    if current is not None and node.id == current.id:
        return "current"
    if node.status == "mastered":
        return "completed"
    if node.due_for_refresh:
        return "refresh"
    return node.status  # in_progress, ready, locked


def _milestone(nodes: list[Node], current: Node | None) -> Milestone:
    if current is not None and current.status != "mastered":
        return Milestone("master", current, min(100, round(100 * current.mastery / MASTERED)))
    locked = [n for n in nodes if n.status == "locked"]
    if locked:
        nearest = min(
            locked,
            key=lambda n: (n.answers_to_unlock is None, n.answers_to_unlock, n.depth, n.position),
        )
        by_id = {n.id: n for n in nodes}
        prereqs = [by_id[p] for p in nearest.prerequisite_ids if p in by_id]
        reached = rules.average(
            min(100, round(100 * p.mastery / max(1, nearest.required))) for p in prereqs
        )
        return Milestone("unlock", nearest, reached)
    due = [n for n in nodes if n.due_for_refresh]
    if due:
        return Milestone(
            "refresh", due[0], round(100 * due[0].mastery / max(1, due[0].demonstrated))
        )
    return Milestone("complete", None, 100)


def _story(nodes: list[Node], current: Node | None, refresh: list[Node]) -> str:
    if not any(n.attempts for n in nodes):
        return "starting"
    if nodes and all(n.status == "mastered" for n in nodes):
        return "complete"
    if current is None:
        return "refresh" if refresh else "unlock"
    if current.mastery >= 75:
        return "almost"
    return "exploring"
