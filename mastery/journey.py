"""A subject as a journey: stages passed, where the student is, what comes next (no ORM).

Stages follow the skill tree in prerequisite order. The next milestone is always something
the student can act on: master the current skill, open the next one, or refresh a fading one.
"""

from dataclasses import dataclass

from . import rules
from .tree import Node, focus

MASTERED = rules.LEVEL_THRESHOLDS[0][1]


@dataclass(frozen=True)
class Stage:
    node: Node
    kind: str  # completed, current, upcoming, locked


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
    story: str  # which narrative line to tell: starting, exploring, almost, complete

    @property
    def completed(self) -> list[Node]:
        return [s.node for s in self.stages if s.kind == "completed"]


def build(nodes: list[Node]) -> Journey:
    ordered = sorted(nodes, key=lambda n: (n.depth, n.position, n.id))
    current = focus(ordered)
    stages = []
    for node in ordered:
        if current is not None and node.id == current.id:
            kind = "current"
        elif node.status == "mastered":
            kind = "completed"
        elif node.status == "locked":
            kind = "locked"
        else:
            kind = "upcoming"
        stages.append(Stage(node, kind))
    return Journey(stages, current, _milestone(ordered, current), _story(ordered, current))


def _milestone(nodes: list[Node], current: Node | None) -> Milestone:
    if current is not None and current.status != "mastered":
        return Milestone("master", current, min(100, round(100 * current.mastery / MASTERED)))
    locked = [n for n in nodes if n.status == "locked"]
    if locked:
        nearest = min(locked, key=lambda n: (n.answers_to_unlock or 10**6, n.depth, n.position))
        by_id = {n.id: n for n in nodes}
        prereqs = [by_id[p] for p in nearest.prerequisite_ids if p in by_id]
        reached = rules.average(
            min(100, round(100 * p.mastery / nearest.required)) for p in prereqs
        )
        return Milestone("unlock", nearest, reached)
    due = [n for n in nodes if n.due_for_refresh]
    if due:
        return Milestone(
            "refresh", due[0], round(100 * due[0].mastery / max(1, due[0].demonstrated))
        )
    return Milestone("complete", None, 100)


def _story(nodes: list[Node], current: Node | None) -> str:
    if not any(n.attempts for n in nodes):
        return "starting"
    if nodes and all(n.status == "mastered" for n in nodes):
        return "complete"
    if current is not None and current.mastery >= 75:
        return "almost"
    return "exploring"
