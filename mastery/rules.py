"""Every mastery rule and threshold, as pure functions (no ORM, no I/O).

Mastery is estimated with Bayesian Knowledge Tracing (Corbett & Anderson, 1995): a hidden
"known" state per student and skill, updated on each first attempt at a question.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DEFAULT_UNLOCK_MASTERY = 70

# Level thresholds on mastery %, highest first.
LEVEL_THRESHOLDS: tuple[tuple[str, int], ...] = (
    ("mastered", 90),
    ("proficient", 70),
    ("developing", 40),
)
# A served question left open longer than this counts as this long: the student walked away.
MAX_TIME_SPENT_MS = 30 * 60 * 1000


@dataclass(frozen=True)
class BktParams:
    p_init: float = 0.15
    p_learn: float = 0.12
    p_guess: float = 0.2
    p_slip: float = 0.1


DEFAULT_BKT = BktParams()


def bkt_update(p_known: float, correct: bool, params: BktParams = DEFAULT_BKT) -> float:
    """Posterior P(known) after one observed answer, then the chance of learning from it."""
    g, s = params.p_guess, params.p_slip
    if correct:
        evidence = p_known * (1 - s) + (1 - p_known) * g
        posterior = p_known * (1 - s) / evidence if evidence else p_known
    else:
        evidence = p_known * s + (1 - p_known) * (1 - g)
        posterior = p_known * s / evidence if evidence else p_known
    updated = posterior + (1 - posterior) * params.p_learn
    return min(1.0, max(0.0, updated))


def mastery_percent(p_known: float) -> int:
    return max(0, min(100, round(p_known * 100)))


def mastery_level(mastery: int, attempts: int) -> str:
    if attempts == 0:
        return "not_started"
    for level, threshold in LEVEL_THRESHOLDS:
        if mastery >= threshold:
            return level
    return "beginner"


def is_unlocked(prerequisite_mastery: Iterable[int], required: int) -> bool:
    return all(m >= required for m in prerequisite_mastery)


def time_spent_ms(served_ms: int, answered_ms: int) -> int:
    return max(0, min(MAX_TIME_SPENT_MS, answered_ms - served_ms))


def parse_number(raw: str) -> Decimal | None:
    """Accept "3,5" as well as "3.5": French and Arabic classrooms write decimal commas."""
    text = raw.strip().replace("\u066b", ".").replace(",", ".").replace(" ", "")
    text = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def numeric_correct(given: Decimal, expected: Decimal, tolerance: Decimal) -> bool:
    return abs(given - expected) <= tolerance


def find_cycle(edges: Mapping[int, Iterable[int]]) -> list[int] | None:
    """Return one cycle in a prerequisite graph {skill: prerequisites}, or None for a DAG."""
    white, grey, black = 0, 1, 2
    colour: dict[int, int] = {}
    parent: dict[int, int] = {}

    for root in edges:
        if colour.get(root, white) != white:
            continue
        stack = [(root, iter(edges.get(root, ())))]
        colour[root] = grey
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                continue
            state = colour.get(child, white)
            if state == grey:
                cycle = [child, node]
                while node != child:
                    node = parent[node]
                    cycle.append(node)
                return list(reversed(cycle[1:]))
            if state == white:
                parent[child] = node
                colour[child] = grey
                stack.append((child, iter(edges.get(child, ()))))
    return None


def skill_state(*, mastery: int, attempts: int, unlocked: bool) -> str:
    """How the skill tree shows a skill: mastered, in_progress, ready or locked."""
    if attempts and mastery >= LEVEL_THRESHOLDS[0][1]:
        return "mastered"
    if not unlocked:
        return "locked"
    return "in_progress" if attempts else "ready"


def average(values: Iterable[int]) -> int:
    values = list(values)
    return round(sum(values) / len(values)) if values else 0


# After this many wrong tries at one question the worked answer is shown.
SHOW_SOLUTION_AFTER_WRONG = 2


def feedback_kind(*, correct: bool, attempt_number: int) -> str:
    """Which encouragement an answer earns; the wording lives in the template."""
    if correct:
        return "first_try" if attempt_number == 1 else "after_retry"
    return "show_solution" if attempt_number >= SHOW_SOLUTION_AFTER_WRONG else "keep_going"
