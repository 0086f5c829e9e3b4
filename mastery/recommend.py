"""Which exercises to suggest next (no ORM here).

Three suggestions, each with a reason the student can read: one that matches their level
in their current focus, one that fills a gap (their weakest open skill), one that
stretches them (a harder exercise, or the first of a newly opened skill); plus refreshers
for skills that are fading.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .tree import Node

DIFFICULTY_ORDER = ("beginner", "intermediate", "advanced", "expert")
# An exercise already done this well is not suggested again, except as a refresher.
WELL_DONE_SCORE = 80
MAX_REFRESHERS = 3


@dataclass(frozen=True)
class ExerciseInfo:
    id: int
    skill_id: int
    difficulty: str
    position: int
    ref: object = None


@dataclass(frozen=True)
class Suggestion:
    kind: str  # match_level, fill_gap, challenge, refresh
    node: Node
    exercise: ExerciseInfo


def level_difficulty(mastery: int) -> str:
    if mastery >= 90:
        return "expert"
    if mastery >= 70:
        return "advanced"
    if mastery >= 40:
        return "intermediate"
    return "beginner"


def _rank(difficulty: str) -> int:
    return DIFFICULTY_ORDER.index(difficulty) if difficulty in DIFFICULTY_ORDER else 0


def _pick(
    exercises: Sequence[ExerciseInfo], best: Mapping[int, int], target: str, *, at_least=False
) -> ExerciseInfo | None:
    """The exercise closest to `target` difficulty (or harder, with at_least) not done well."""
    open_ones = [e for e in exercises if best.get(e.id, -1) < WELL_DONE_SCORE] or list(exercises)
    if at_least:
        open_ones = [e for e in open_ones if _rank(e.difficulty) >= _rank(target)] or []
    if not open_ones:
        return None
    return min(
        open_ones,
        key=lambda e: (abs(_rank(e.difficulty) - _rank(target)), e.position, e.id),
    )


def suggest(
    *,
    nodes: Sequence[Node],
    focus: Node | None,
    exercises: Mapping[int, Sequence[ExerciseInfo]],
    best_scores: Mapping[int, int],
) -> list[Suggestion]:
    chosen: list[Suggestion] = []
    used: set[int] = set()

    def add(kind: str, node: Node | None, exercise: ExerciseInfo | None) -> None:
        if node is not None and exercise is not None and exercise.id not in used:
            used.add(exercise.id)
            chosen.append(Suggestion(kind, node, exercise))

    open_nodes = [n for n in nodes if n.status != "locked"]
    if focus is not None:
        pool = exercises.get(focus.id, ())
        add("match_level", focus, _pick(pool, best_scores, level_difficulty(focus.mastery)))
    gaps = sorted(
        (n for n in open_nodes if n.attempts and (focus is None or n.id != focus.id)),
        key=lambda n: (n.mastery, n.depth),
    )
    if gaps:
        gap = gaps[0]
        add("fill_gap", gap, _pick(exercises.get(gap.id, ()), best_scores, "beginner"))
    stretch = None
    if focus is not None:
        harder = DIFFICULTY_ORDER[min(_rank(level_difficulty(focus.mastery)) + 1, 3)]
        stretch = (focus, _pick(exercises.get(focus.id, ()), best_scores, harder, at_least=True))
    if stretch is None or stretch[1] is None or stretch[1].id in used:
        fresh = [n for n in open_nodes if n.status == "ready"]
        if fresh:
            node = min(fresh, key=lambda n: (n.depth, n.position))
            stretch = (node, _pick(exercises.get(node.id, ()), best_scores, "intermediate"))
    if stretch:
        add("challenge", *stretch)
    due = [n for n in nodes if n.due_for_refresh][:MAX_REFRESHERS]
    for node in due:
        add("refresh", node, _pick(exercises.get(node.id, ()), {}, "intermediate"))
    return chosen
