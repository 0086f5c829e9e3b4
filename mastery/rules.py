"""Every mastery rule and threshold, as pure functions (no ORM, no I/O).

Mastery is estimated with Bayesian Knowledge Tracing (Corbett & Anderson, 1995): a hidden
"known" state per student and skill, updated on every graded answer. How much an answer
weighs depends on the item (`Evidence`): a repeat of an item already answered is weaker
evidence than a fresh one. Knowledge fades between sittings (the forgetting curve) and each
spaced review slows the fading. What a person sees is `displayed()`, one number everywhere,
held below "mastered" until the evidence for mastery is there (`mastery_needs`).

docs/mastery.md explains the model; bench/mastery_simulation.py is how the constants were
checked (1,000 simulated students: precision and recall of "mastered").
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

# A prerequisite opens the next skill at this mastery: "proficient", not "mastered", so a
# student moves on once they mostly know it and comes back to refresh it later.
DEFAULT_UNLOCK_MASTERY = 70

# Level thresholds on mastery %, highest first (the spec's four levels).
LEVEL_THRESHOLDS: tuple[tuple[str, int], ...] = (
    ("mastered", 90),
    ("proficient", 70),
    ("developing", 40),
)
MASTERED = LEVEL_THRESHOLDS[0][1]
# Difficulty ranks of exercises; "harder levels" are HARD_RANK and above (or the skill's top).
DIFFICULTY_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2, "expert": 3}
LEVEL_COUNT = len(DIFFICULTY_RANK)
# Advanced and expert: the levels where a skill is used, not only recognised.
HARD_RANK = 2

# "Mastered" asks, beyond the number, for the two things BKT cannot see in a run of right
# answers (which pass 95% after four of them from a low prior): that the knowledge lasts
# overnight, and that it holds on the harder items.
# - MASTERY_SESSIONS: counted right answers in sittings begun on this many different days.
#   Two is the least that shows retention; three delayed the label by about five answers for
#   every simulated student.
# - MASTERY_HARD_CORRECT: counted right answers at the skill's harder levels. Two, so one
#   lucky guess (about one in five on a multiple-choice item) is not enough on its own.
# In the simulation the pair lifts the share of students who know the skill at the moment
# they are first called "mastered" from 0.94 (the number alone) to 0.96 with repeated items,
# for one or two more answers (`python bench/mastery_simulation.py --ablation`).
MASTERY_SESSIONS = 2
MASTERY_HARD_CORRECT = 2

# Repeats. A student who answered an item before may answer it right from memory of the
# answer rather than from the skill. We model that directly: an item's `weight` is the chance
# that its answer is not simply remembered, and a student who does not know the skill answers
# right with
#     guess' = 1 - weight * (1 - guess)      (remembered, or else guessed),
# while a student who knows it still slips with the same `slip`. So a repeat is weaker
# evidence both ways, and its learning step is scaled by the weight too (seeing an answer
# again teaches less than working out a new one).
# - Within a sitting each earlier exposure halves the weight (REPEAT_DECAY): an answer seen
#   minutes ago is at least half remembered, and more so after each further look.
# - A spaced repeat (last answered a day or more ago) weighs SPACED_REPEAT_WEIGHT however
#   often it was seen before: after a night about a third of such material is still there
#   (Ebbinghaus's one-day savings), so an exhausted bank stays good evidence on the next
#   day. The simulation (bench/mastery_simulation.py) checks the pair: with a half weight
#   for spaced repeats, recall fell to 0.80 for no gain in precision.
# - A hint counts as one more exposure: it gives part of the answer away.
REPEAT_DECAY = 0.5
SPACED_REPEAT_WEIGHT = 0.7
# However repeated an item, a right answer stays at least this much more likely from a
# student who knows the skill than from one who does not (guess' <= 1 - slip - gap): right
# answers always count, so a student with an exhausted bank who keeps answering right rises.
MIN_EVIDENCE_GAP = 0.05

# A served question left open longer than this counts as this long: the student walked away.
MAX_TIME_SPENT_MS = 30 * 60 * 1000


@dataclass(frozen=True)
class BktParams:
    """The four BKT parameters of a skill. Defaults are the usual textbook values (a low
    prior, a modest learning rate, one-in-five guessing on multiple choice, 10% slips)."""

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
        """Exposures that discount this answer (a spaced repeat counts once), hint included."""
        n = min(self.exposures, 1) if self.spaced else self.exposures
        return n + int(self.hint_used)

    @property
    def weight(self) -> float:
        if self.spaced and self.exposures:
            return SPACED_REPEAT_WEIGHT * REPEAT_DECAY ** int(self.hint_used)
        return REPEAT_DECAY**self.repeats

    @property
    def counts_for_mastery(self) -> bool:
        """Fresh items and spaced repeats answered without a hint show what a student can
        do alone; immediate repeats mostly show what they remember of the answer."""
        return (self.exposures == 0 or self.spaced) and not self.hint_used


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
    """The parameters for evidence of this weight: a higher chance to answer right without
    the skill (from memory of the answer) and a smaller learning step. Weight 1: unchanged."""
    if weight >= 1:
        return params
    guess = 1 - (1 - params.p_guess) * weight
    guess = min(guess, 1 - params.p_slip - MIN_EVIDENCE_GAP)
    return replace(params, p_guess=max(params.p_guess, guess), p_learn=params.p_learn * weight)


def bkt_posterior(p_known: float, correct: bool, params: BktParams = DEFAULT_BKT) -> float:
    """P(known | this answer), by Bayes' rule: the evidence part of the BKT step."""
    g, s = params.p_guess, params.p_slip
    if correct:
        likelihood = p_known * (1 - s) + (1 - p_known) * g
        return p_known * (1 - s) / likelihood if likelihood else p_known
    likelihood = p_known * s + (1 - p_known) * (1 - g)
    return p_known * s / likelihood if likelihood else p_known


def bkt_update(p_known: float, correct: bool, params: BktParams = DEFAULT_BKT) -> float:
    """The standard BKT step (Corbett & Anderson 1995; pyBKT's forward pass with no
    forgetting): the posterior after one observed answer, then the chance of having learned
    from the opportunity."""
    posterior = bkt_posterior(p_known, correct, params)
    updated = posterior + (1 - posterior) * params.p_learn
    return min(1.0, max(0.0, updated))


# Forgetting. Knowledge fades between sittings along an exponential forgetting curve that
# keeps a floor (what is learned is rarely lost entirely):
#     retention(d) = FLOOR + (1 - FLOOR) * 2 ** (-d / h)
# d: days since the skill was last practised, less the sitting's grace (below); h: the
# student's half-life for that skill. current P(known) = P(known at last practice) * retention.
# Each counted right answer after a gap of at least a day doubles h (the spacing effect), up
# to MAX_HALF_LIFE_DAYS, so a skill refreshed a few times fades far more slowly.
# Half of what was shown survives any gap: a skill once known comes back quickly.
RETENTION_FLOOR = 0.5
# Two weeks: a lesson not revisited for a fortnight is about three-quarters there.
INITIAL_HALF_LIFE_DAYS = 14.0
# Half a school year: after a few spaced reviews a skill fades over a year, not a month.
MAX_HALF_LIFE_DAYS = 180.0
# A night's sleep between two looks at an item or a skill: what makes a review "spaced".
SPACED_REVIEW_MIN_DAYS = 1.0
# A sitting: answers less than SESSION_GAP_HOURS apart. Nothing fades within a sitting (the
# curve starts when it ends; over three hours it would take a fraction of a percent), so a
# right answer never lowers the number a student saw a minute before. Three hours: a school
# afternoon is one sitting, homework after dinner another (tracking.RUN_IDLE_LIMIT closes an
# unfinished exercise pass after the same break).
SESSION_GAP_HOURS = 3
SESSION_GAP_DAYS = SESSION_GAP_HOURS / 24
# A skill once proficient (as shown at its last practice) is due for a refresh when less
# than 85% of it is retained: about a week after a first practice, later after each review,
# early enough that a few answers bring it back.
REFRESH_RETENTION = 0.85
REFRESH_FROM_MASTERY = LEVEL_THRESHOLDS[1][1]


def retention(days: float, half_life_days: float) -> float:
    faded = days - SESSION_GAP_DAYS
    if faded <= 0:
        return 1.0
    return RETENTION_FLOOR + (1 - RETENTION_FLOOR) * 2 ** (-faded / half_life_days)


# A month away: a skill practised again after a gap this long is a comeback, where the
# teacher's 30-day retention compares what was kept with what the model predicted.
RETENTION_GAP_DAYS = 30
# Whole local days between two practice days from which a return may be such a comeback
# (the exact 30 days are checked from the last answer's time): snapshots this far from the
# previous one are indexed (MasterySnapshot.gap_days).
LONG_GAP_DAYS = RETENTION_GAP_DAYS - 1


def day_gaps(keyed_days: Iterable[tuple[Hashable, date]]) -> dict[tuple[Hashable, date], int]:
    """Days since the previous day of the same key (a student and skill), for each (key,
    day) that has one: MasterySnapshot.gap_days of snapshots written together."""
    last: dict[Hashable, date] = {}
    gaps: dict[tuple[Hashable, date], int] = {}
    for key, day in sorted(keyed_days, key=lambda kd: kd[1]):
        if key in last:
            gaps[(key, day)] = (day - last[key]).days
        last[key] = day
    return gaps


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
    # Days with a counted right answer (each in a sitting begun on a new day), the last such
    # day, and counted right answers per difficulty rank: the evidence "mastered" asks for
    # beyond the number.
    sessions: int = 0
    last_session_day: date | None = None
    level_correct: tuple[int, ...] = (0,) * LEVEL_COUNT
    # The local day the current sitting began: a sitting that runs past midnight is still
    # one session, so four answers at 23:58-00:01 never count as two days.
    sitting_day: date | None = None

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
    the rebuild and the demo all fold attempts through it (via `fold_answer`), so stored
    progress always equals a replay of the attempt log. `day` is the local date of `at`."""
    gap = days_between(state.last_practiced_at, at)
    before = state.p_at(at)  # what faded since the last sitting is gone first
    p_known = bkt_update(before, correct, weighted_params(params, evidence.weight))
    if not correct:
        # Standard BKT adds the chance of learning from the item even after a wrong answer,
        # which lifts a low estimate; here a wrong answer never raises the number (the
        # one deliberate difference from the textbook step). The next right answer credits
        # the learning.
        p_known = min(p_known, before)
    new_sitting = state.last_practiced_at is None or gap >= SESSION_GAP_DAYS
    sitting_day = day if new_sitting or state.sitting_day is None else state.sitting_day
    half_life = state.half_life_days
    sessions, session_day = state.sessions, state.last_session_day
    level_correct = list(state.level_correct)
    if correct and evidence.counts_for_mastery:
        if gap >= SPACED_REVIEW_MIN_DAYS and state.attempts:
            half_life = min(MAX_HALF_LIFE_DAYS, half_life * 2)
        if sitting_day != session_day:
            sessions, session_day = sessions + 1, sitting_day
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
        sitting_day=sitting_day,
    )


@dataclass(frozen=True)
class Step:
    """One answer from the attempt log folded into progress."""

    at: datetime  # when it counts: never before the last practice already applied
    evidence: Evidence
    before: ProgressState
    after: ProgressState

    @property
    def mastery_before(self) -> int:
        """The mastery shown before this answer (a skill not started shows 0%)."""
        return self.before.mastery_at(self.at) if self.before.attempts else 0

    @property
    def mastery_after(self) -> int:
        return mastery_percent(self.after.p_known)


def fold_answer(
    state: ProgressState,
    *,
    correct: bool,
    level: int,
    exposures: int,
    last_seen: datetime | None,
    answered_at: datetime,
    hint_used: bool,
    params: BktParams,
    day_of: Callable[[datetime], date],
) -> Step:
    """The evidence of one logged answer and the progress after it: what attempt_record does
    live and every replay of the log does (growth's rebuild, `mastery_rebuild`), from the
    same facts. `exposures` and `last_seen` describe earlier answers to the same item
    (question and variant); `day_of` gives a moment's local date."""
    at = answered_at
    # A late report (the host platform) counts from when it happened, but never before the
    # last practice already applied: progress only moves forward in time.
    if state.last_practiced_at and at < state.last_practiced_at:
        at = state.last_practiced_at
    evidence = evidence_for(
        level=level, exposures=exposures, last_seen=last_seen, at=at, hint_used=hint_used
    )
    after = apply_attempt(
        state, correct=correct, evidence=evidence, at=at, day=day_of(at), params=params
    )
    return Step(at, evidence, state, after)


def mastery_needs(state: ProgressState, *, top_level: int = LEVEL_COUNT - 1) -> tuple[str, ...]:
    """What "mastered" still asks for beyond the number: "another_day" (a session on another
    day) and "harder_questions" (right answers at the skill's harder levels). A skill whose
    hardest exercises are easier than HARD_RANK asks for its own top level instead."""
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
    needs: tuple[str, ...] = ()  # what "mastered" still needs, once the number is there
    due_for_refresh: bool = False

    @property
    def mastered(self) -> bool:
        return self.level == "mastered"


NOT_STARTED = Displayed(0, "not_started")


def displayed(
    state: ProgressState | None, *, now: datetime, top_level: int = LEVEL_COUNT - 1
) -> Displayed:
    """After forgetting, and held at MASTERED - 1 while `mastery_needs` is not empty: the
    number never claims more than the evidence shows. A right answer never lowers it within
    a sitting (nothing fades within one, and the needs only shrink)."""
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
    """What reaching a target takes, from `path_to`:

    - Path(n, ()): answering right the next n items that would be served, in this sitting,
      shows the target; n - 1 do not.
    - Path(n, needs): after n right answers the number is there, but "mastered" also needs
      `needs` ("another_day", "harder_questions"), which no item of this sitting gives.
    - Path(None, ("another_day",)): the items of this sitting do not reach it (they are
      repeats, weaker evidence today); spaced on another day they count more.
    - Path(None, ()): these items do not reach it whatever the day.
    """

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
    """Run the model forward: the student answers right, now, each item that would be
    served (`upcoming`, in serving order) until the displayed number reaches `target`."""
    state = state or ProgressState(p_known=params.p_init)
    reached: Path | None = None  # the number is there, with needs left

    def check(current: ProgressState, count: int) -> Path | None:
        nonlocal reached
        if not current.attempts:
            return None
        if displayed(current, now=at, top_level=top_level).percent >= target:
            return Path(count)
        needs = mastery_needs(current, top_level=top_level)
        if current.mastery_at(at) >= target and (reached is None or reached.needs != needs):
            reached = Path(count, needs)
        return None

    if target <= 0:
        return Path(0)
    done = check(state, 0)
    if done:
        return done
    repeats_today = False
    for count, evidence in enumerate(upcoming, start=1):
        state = apply_attempt(state, correct=True, evidence=evidence, at=at, day=day, params=params)
        repeats_today = repeats_today or (evidence.exposures > 0 and not evidence.spaced)
        done = check(state, count)
        if done:
            return done
    if reached is not None:
        return reached
    return Path(None, ("another_day",) if repeats_today else ())


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


def crosses(mastery_before: int, mastery_after: int, required: int) -> bool:
    """Whether an answer lifted a prerequisite across a dependent's threshold: only then is
    the dependent checked for unlocking (a skill opens once, when it is earned)."""
    return mastery_before < required <= mastery_after


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
