"""Every mastery rule and threshold, as pure functions (no ORM, no I/O).

Mastery is estimated with Bayesian Knowledge Tracing (Corbett & Anderson, 1995): a hidden
"known" state per student and skill, updated on each first attempt at a question.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
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


# Forgetting. Knowledge fades between practice sessions along an exponential forgetting curve
# that keeps a floor (what is learned is rarely lost entirely):
#     retention(d) = FLOOR + (1 - FLOOR) * 2 ** (-d / h)
# d: days since the skill was last practised; h: the student's half-life for that skill.
# current P(known) = P(known at last practice) * retention(d).
# Each successful review after a gap of at least a day doubles h (the spacing effect),
# up to MAX_HALF_LIFE_DAYS, so a skill refreshed a few times fades far more slowly.
RETENTION_FLOOR = 0.5
INITIAL_HALF_LIFE_DAYS = 14.0
MAX_HALF_LIFE_DAYS = 180.0
SPACED_REVIEW_MIN_DAYS = 1.0
# A skill once proficient is due for a refresh when retention falls below this.
REFRESH_RETENTION = 0.85
REFRESH_FROM_MASTERY = 70


def retention(days: float, half_life_days: float) -> float:
    if days <= 0:
        return 1.0
    return RETENTION_FLOOR + (1 - RETENTION_FLOOR) * 2 ** (-days / half_life_days)


def days_between(earlier: datetime | None, later: datetime) -> float:
    if earlier is None:
        return 0.0
    return max(0.0, (later - earlier).total_seconds() / 86400)


@dataclass(frozen=True)
class ProgressState:
    """One student's knowledge of one skill, as stored on SkillProgress."""

    p_known: float
    attempts: int = 0
    correct: int = 0
    questions_seen: int = 0
    half_life_days: float = INITIAL_HALF_LIFE_DAYS
    first_practiced_at: datetime | None = None
    last_practiced_at: datetime | None = None

    def p_at(self, when: datetime) -> float:
        days = days_between(self.last_practiced_at, when)
        return self.p_known * retention(days, self.half_life_days)

    def mastery_at(self, when: datetime) -> int:
        return mastery_percent(self.p_at(when))

    def due_for_refresh(self, when: datetime) -> bool:
        days = days_between(self.last_practiced_at, when)
        return (
            mastery_percent(self.p_known) >= REFRESH_FROM_MASTERY
            and retention(days, self.half_life_days) < REFRESH_RETENTION
        )


def apply_attempt(
    state: ProgressState, *, correct: bool, first_try: bool, at: datetime, params: BktParams
) -> ProgressState:
    """The state after one attempt. The only place progress changes: the live service and the
    demo seed both call it, so stored progress always equals a replay of the attempt log."""
    gap = days_between(state.last_practiced_at, at)
    p_known, half_life = state.p_known, state.half_life_days
    questions_seen = state.questions_seen
    if first_try:
        # What faded since the last session is gone before the new evidence is weighed.
        p_known = bkt_update(state.p_at(at), correct, params)
        questions_seen += 1
        if correct and gap >= SPACED_REVIEW_MIN_DAYS and state.attempts:
            half_life = min(MAX_HALF_LIFE_DAYS, half_life * 2)
    elif gap >= SPACED_REVIEW_MIN_DAYS:
        p_known = state.p_at(at)
    return replace(
        state,
        p_known=p_known,
        attempts=state.attempts + 1,
        correct=state.correct + int(correct),
        questions_seen=questions_seen,
        half_life_days=half_life,
        first_practiced_at=state.first_practiced_at or at,
        last_practiced_at=at,
    )


def correct_answers_to_reach(p_known: float, target: int, params: BktParams, limit: int = 50):
    """How many first-try correct answers in a row would lift mastery to `target` %.

    None when out of reach within `limit` (e.g. a learn rate of 0)."""
    count = 0
    while mastery_percent(p_known) < target:
        if count >= limit:
            return None
        p_known = bkt_update(p_known, True, params)
        count += 1
    return count


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


def run_score(first_try_correct: int, total: int) -> int:
    return round(100 * first_try_correct / total) if total else 0
