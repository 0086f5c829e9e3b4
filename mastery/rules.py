"""Every mastery rule and threshold, as pure functions (no ORM, no I/O).

Mastery is estimated with Bayesian Knowledge Tracing (Corbett & Anderson, 1995): a hidden
"known" state per student and skill, updated on every graded answer. How much an answer
weighs depends on the item (`Evidence`): a repeat of an item already answered is weaker
evidence than a fresh one. What a person sees is `displayed()`, one number everywhere.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

DEFAULT_UNLOCK_MASTERY = 70

# Level thresholds on mastery %, highest first.
LEVEL_THRESHOLDS: tuple[tuple[str, int], ...] = (
    ("mastered", 90),
    ("proficient", 70),
    ("developing", 40),
)
MASTERED = 90
# Difficulty ranks of exercises; "harder levels" are HARD_RANK and above (or the skill's top).
DIFFICULTY_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2, "expert": 3}
LEVEL_COUNT = len(DIFFICULTY_RANK)
HARD_RANK = 2
# "Mastered" needs, beyond the number: answers on distinct days and at the harder levels.
MASTERY_SESSIONS = 2
MASTERY_HARD_CORRECT = 2
# Each earlier exposure to the same item (or a hint) halves the weight of its evidence;
# a spaced repeat (the item last answered a day or more ago) is discounted once only.
REPEAT_DECAY = 0.5
# However repeated an item, a right answer stays at least this much more likely from a
# student who knows the skill than from one who guesses: right answers always count.
MIN_EVIDENCE_GAP = 0.05

# A served question left open longer than this counts as this long: the student walked away.
MAX_TIME_SPENT_MS = 30 * 60 * 1000


@dataclass(frozen=True)
class BktParams:
    p_init: float = 0.15
    p_learn: float = 0.12
    p_guess: float = 0.2
    p_slip: float = 0.1


DEFAULT_BKT = BktParams()


@dataclass(frozen=True)
class Evidence:
    """What one answered item tells about the skill."""

    level: int = 0  # DIFFICULTY_RANK of the item's exercise
    exposures: int = 0  # earlier answers by this student to this very item (question+variant)
    spaced: bool = False  # the item was last answered SPACED_REVIEW_MIN_DAYS or more ago
    hint_used: bool = False

    @property
    def repeats(self) -> int:
        n = min(self.exposures, 1) if self.spaced else self.exposures
        return n + int(self.hint_used)

    @property
    def weight(self) -> float:
        return REPEAT_DECAY**self.repeats

    @property
    def counts_for_mastery(self) -> bool:
        """Fresh items and spaced repeats show what a student can do; immediate repeats
        mostly show what they remember of the answer."""
        return self.exposures == 0 or self.spaced


FRESH = Evidence()


def evidence_for(
    *, level: int, exposures: int, last_seen: datetime | None, at: datetime, hint_used: bool
) -> Evidence:
    """The evidence of an answer given at `at` to an item last answered at `last_seen`."""
    return Evidence(
        level=level,
        exposures=exposures,
        spaced=last_seen is not None and days_between(last_seen, at) >= SPACED_REVIEW_MIN_DAYS,
        hint_used=hint_used,
    )


def weighted_params(params: BktParams, weight: float) -> BktParams:
    """Weaker evidence: a higher chance to guess right and a smaller learning step."""
    if weight >= 1:
        return params
    guess = 1 - (1 - params.p_guess) * weight
    guess = min(guess, 1 - params.p_slip - MIN_EVIDENCE_GAP)
    return replace(params, p_guess=max(params.p_guess, guess), p_learn=params.p_learn * weight)


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
    # Distinct days with a counted right answer, the last such day, and counted right answers
    # per difficulty rank: the evidence "mastered" asks for beyond the number.
    sessions: int = 0
    last_session_day: date | None = None
    level_correct: tuple[int, ...] = (0,) * LEVEL_COUNT

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
    state: ProgressState,
    *,
    correct: bool,
    evidence: Evidence,
    at: datetime,
    day: date,
    params: BktParams,
) -> ProgressState:
    """The state after one graded answer. The only place progress changes: the live service,
    the rebuild and the demo all fold attempts through it, so stored progress always equals
    a replay of the attempt log. `day` is the local date of `at` (sessions are school days)."""
    gap = days_between(state.last_practiced_at, at)
    before = state.p_at(at)  # what faded since the last session is gone first
    p_known = bkt_update(before, correct, weighted_params(params, evidence.weight))
    if not correct:
        # The learning step of a wrong answer is credited when the student shows it.
        p_known = min(p_known, before)
    half_life = state.half_life_days
    sessions, session_day = state.sessions, state.last_session_day
    level_correct = list(state.level_correct)
    if correct and evidence.counts_for_mastery:
        if gap >= SPACED_REVIEW_MIN_DAYS and state.attempts:
            half_life = min(MAX_HALF_LIFE_DAYS, half_life * 2)
        if day != session_day:
            sessions, session_day = sessions + 1, day
        level = max(0, min(LEVEL_COUNT - 1, evidence.level))
        level_correct[level] += 1
    return replace(
        state,
        p_known=p_known,
        attempts=state.attempts + 1,
        correct=state.correct + int(correct),
        questions_seen=state.questions_seen + int(evidence.exposures == 0),
        half_life_days=half_life,
        first_practiced_at=state.first_practiced_at or at,
        last_practiced_at=at,
        sessions=sessions,
        last_session_day=session_day,
        level_correct=tuple(level_correct),
    )


def mastery_needs(state: ProgressState, *, top_level: int = LEVEL_COUNT - 1) -> tuple[str, ...]:
    """What "mastered" still asks for beyond the number: "another_day" (a session on another
    day) and "harder_questions" (right answers at the skill's harder levels)."""
    needs = []
    if state.sessions < MASTERY_SESSIONS:
        needs.append("another_day")
    hard = max(0, min(HARD_RANK, top_level))
    if sum(state.level_correct[hard:]) < MASTERY_HARD_CORRECT:
        needs.append("harder_questions")
    return tuple(needs)


@dataclass(frozen=True)
class Displayed:
    """The one mastery a person sees, in every view. Below MASTERED until the evidence for
    mastery is there, so the number and the level never disagree."""

    percent: int
    level: str
    needs: tuple[str, ...] = ()
    due_for_refresh: bool = False

    @property
    def mastered(self) -> bool:
        return self.level == "mastered"


NOT_STARTED = Displayed(0, "not_started")


def displayed(
    state: ProgressState | None, *, now: datetime, top_level: int = LEVEL_COUNT - 1
) -> Displayed:
    if state is None or not state.attempts:
        return NOT_STARTED
    percent = state.mastery_at(now)
    needs = mastery_needs(state, top_level=top_level)
    if needs:
        percent = min(percent, MASTERED - 1)
    return Displayed(
        percent,
        mastery_level(percent, state.attempts),
        needs if percent >= MASTERED - 1 else (),
        state.due_for_refresh(now),
    )


@dataclass(frozen=True)
class Path:
    """What reaching a target takes: `answers` right answers from the items that would be
    served (None: not in this sitting), plus conditions such as "another_day"."""

    answers: int | None
    needs: tuple[str, ...] = ()


def path_to(
    state: ProgressState | None,
    *,
    target: int,
    upcoming: Iterable[Evidence],
    at: datetime,
    day: date,
    params: BktParams,
    top_level: int = LEVEL_COUNT - 1,
) -> Path:
    """Run the model forward: the student answers right each item that would be served."""
    state = state or ProgressState(p_known=params.p_init)
    count = 0
    shown = displayed(state, now=at, top_level=top_level) if state.attempts else NOT_STARTED
    if shown.percent >= target:
        return Path(0)
    for evidence in upcoming:
        state = apply_attempt(state, correct=True, evidence=evidence, at=at, day=day, params=params)
        count += 1
        shown = displayed(state, now=at, top_level=top_level)
        if shown.percent >= target:
            return Path(count)
    if mastery_percent(state.p_at(at)) >= target:
        return Path(count, mastery_needs(state, top_level=top_level))
    return Path(None, ("another_day",))


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


# Direction marks and isolates a copied number may carry (LRM, RLM, ALM, LRI..PDI).
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))


def parse_number(raw: str) -> Decimal | None:
    """Accept "3,5" as well as "3.5": French and Arabic classrooms write decimal commas; a
    true minus sign "−" (as the questions print it) and bidi marks copied with it too."""
    text = raw.strip().replace("\u066b", ".").replace(",", ".").replace(" ", "")
    text = text.replace("\u2212", "-").translate(_INVISIBLE)
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
