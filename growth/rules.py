"""Every personal-best and recognition rule and threshold, as pure functions (no ORM, no I/O).

One fold, `step`, turns a student's growth state and one attempt into the new state and what
the attempt earned. The live hook (services.growth_after_attempt) and the bulk rebuild
(services.growth_rebuild_for_students) both call it, so rebuilt history equals what the live
path would have recorded.

Personal bests (spec section 2). Every metric is an integer:

- exercise_score: the score (%) of a finished pass through an exercise, per exercise.
- accuracy_rate: first-try accuracy (%) over the student's last ACCURACY_WINDOW first tries,
  across all subjects. Measured only once ACCURACY_WINDOW first tries exist: a rate over three
  answers says nothing. Rolling rather than per week, so a student who practises little in a
  week is not stuck with a noisy figure.
- streak_length: consecutive local days (the school's time zone) with practice.
- concepts_mastered_week: distinct skills whose mastery rose to the mastered level during one
  ISO week (Monday to Sunday).
- improvement_rate: percentage points of mastery gained through practice in one ISO week,
  summed over skills (each attempt adds mastery after minus mastery before, so a wrong answer
  counts against it; fading between sessions is not practice and is left out).

Records come in periods. A record belongs to one period (a pass for exercise_score, a day for
accuracy_rate, a streak for streak_length, an ISO week for the weekly metrics), and a period
holds at most one record row: while the period goes on and its value keeps rising, the same row
is raised silently. So a record is celebrated once, when the period first beats the standing
best, and not again on every answer that nudges it higher.

The first value ever reached on a metric is a baseline and is not celebrated: there is nothing
to improve on yet, and celebrating it would praise any first score (even 10 %) as a "best",
which rewards finishing rather than growing and cheapens the real records that follow.
"""

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from mastery import rules as mastery_rules

# --- personal bests --------------------------------------------------------------------------

EXERCISE_SCORE = "exercise_score"
ACCURACY_RATE = "accuracy_rate"
STREAK_LENGTH = "streak_length"
CONCEPTS_MASTERED_WEEK = "concepts_mastered_week"
IMPROVEMENT_RATE = "improvement_rate"
METRICS = (EXERCISE_SCORE, ACCURACY_RATE, STREAK_LENGTH, CONCEPTS_MASTERED_WEEK, IMPROVEMENT_RATE)
# Metrics kept per student (the exercise score is kept per exercise, in the database).
STUDENT_METRICS = (ACCURACY_RATE, STREAK_LENGTH, CONCEPTS_MASTERED_WEEK, IMPROVEMENT_RATE)

ACCURACY_WINDOW = 20
MASTERED = mastery_rules.LEVEL_THRESHOLDS[0][1]

# --- effort and strategy recognition ---------------------------------------------------------

SELF_CORRECTION = "self_correction"
PERSISTENCE = "persistence"
DEEP_THINKING = "deep_thinking"
PRACTICED_REGULARLY = "practiced_regularly"
FACED_CHALLENGE = "faced_challenge"
IMPROVED_STRATEGY = "improved_strategy"
# Highest priority first: when the daily cap leaves room for fewer than an attempt earned,
# the rarer, more deliberate behaviours are the ones recognised.
RECOGNITION_KINDS = (
    IMPROVED_STRATEGY,
    PERSISTENCE,
    SELF_CORRECTION,
    DEEP_THINKING,
    FACED_CHALLENGE,
    PRACTICED_REGULARLY,
)

# Not gameable: each kind at most once per student and exercise (a database constraint), and
# at most this many recognitions per student and local day.
RECOGNITIONS_PER_DAY = 3

# Tries at one question belong to one episode while no more than this passes between them.
EPISODE_GAP = timedelta(minutes=30)
# Persistence: at least this many real wrong tries at a hard question, then a right answer when
# the student came back to it at least RETURN_GAP later. Coming back matters: after the second
# wrong try the worked solution is on screen (mastery.rules.feedback_kind), and copying it
# straight away is not persistence.
PERSISTENCE_MIN_WRONG_TRIES = 2
RETURN_GAP = timedelta(hours=1)
# Deep thinking: a right answer to a hard question after at least DEEP_THINKING_FACTOR times the
# student's own median first-try time (over their last MEDIAN_WINDOW first tries, once at least
# MEDIAN_MIN_SAMPLES exist), and at least DEEP_THINKING_MIN_EXTRA_MS more than it; beyond
# DEEP_THINKING_MAX_MS the student more likely walked away.
MEDIAN_WINDOW = 31
MEDIAN_MIN_SAMPLES = 10
DEEP_THINKING_FACTOR = 2.0
DEEP_THINKING_MIN_EXTRA_MS = 15_000
DEEP_THINKING_MAX_MS = 10 * 60 * 1000
# Tackling a challenge: a right answer to an exercise harder than the student's level on its
# skill, or on a skill still below CHALLENGE_MASTERY after CHALLENGE_MIN_SKILL_ATTEMPTS tries
# (sticking with what is hard, not merely opening a new skill).
CHALLENGE_MASTERY = 40
CHALLENGE_MIN_SKILL_ATTEMPTS = 5
# Regular practice: the learning streak reaches one of these lengths (days).
STREAK_MILESTONES = (3, 7, 14, 21, 30, 45, 60, 90, 120, 180)

DIFFICULTY_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2, "expert": 3}
LEVEL_RANK = {"not_started": 0, "beginner": 0, "developing": 1, "proficient": 2, "mastered": 3}
# A question is hard from this difficulty on, or when it is above the student's level.
HARD_DIFFICULTY_RANK = 2

# --- rushing ---------------------------------------------------------------------------------

# An answer given in under FAST_ANSWER_MS is fast. A time of 0 means "not measured" (an API
# answer without a served question) and is never taken as fast. The student is rushing when,
# within RUSH_WINDOW, at least RUSH_MIN_FAST_ANSWERS answers were fast and at least
# RUSH_MIN_WRONG_SHARE of them wrong. A rushed answer earns nothing (no recognition, no
# personal best, no streak day) and is counted on the day's RushingFlag for the teacher.
FAST_ANSWER_MS = 4000
RUSH_WINDOW = timedelta(minutes=10)
RUSH_MIN_FAST_ANSWERS = 5
RUSH_MIN_WRONG_SHARE = 0.6
# Fast answers remembered at most (the window can only trip on the latest ones anyway).
RUSH_MEMORY = 40
# Teacher suggestions: several rushing days in RUSH_LOOKBACK_DAYS call for a talk.
RUSH_LOOKBACK_DAYS = 14
RUSH_CHECK_IN_DAYS = 3


def is_fast(time_spent_ms: int) -> bool:
    return 0 < time_spent_ms < FAST_ANSWER_MS


def week_period(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def level_rank(mastery: int, attempts: int) -> int:
    return LEVEL_RANK[mastery_rules.mastery_level(mastery, attempts)]


def above_level(difficulty: str, mastery: int, attempts: int) -> bool:
    return DIFFICULTY_RANK.get(difficulty, 0) > level_rank(mastery, attempts)


def is_hard(difficulty: str, mastery: int, attempts: int) -> bool:
    return DIFFICULTY_RANK.get(difficulty, 0) >= HARD_DIFFICULTY_RANK or above_level(
        difficulty, mastery, attempts
    )


def accuracy_percent(first_tries: str) -> int | None:
    """First-try accuracy over the window, or None while it holds fewer than a full window."""
    if len(first_tries) < ACCURACY_WINDOW:
        return None
    window = first_tries[-ACCURACY_WINDOW:]
    return round(100 * window.count("1") / len(window))


def median_time(times: Sequence[int]) -> float | None:
    return median(times) if len(times) >= MEDIAN_MIN_SAMPLES else None


# --- state -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """The best value reached on a metric, the period whose record row holds it, and the best
    that row beat when it was set (None for the baseline)."""

    best: int | None = None
    period: str = ""
    beaten: int | None = None


@dataclass(slots=True)
class GrowthState:
    """What the fold remembers about one student between attempts (stored on GrowthState).

    The functions below never change a state they are given: they work on a copy."""

    first_tries: str = ""  # latest first-try outcomes, oldest first: "1" right, "0" not yet
    first_try_times: tuple[int, ...] = ()  # latest measured first-try times (ms)
    fast_answers: tuple[tuple[int, bool], ...] = ()  # (epoch ms, correct) inside the window
    rush_counted_until: int = 0  # epoch ms of the last fast answer counted on a flag
    rush_day: date | None = None
    rush_answers: int = 0
    rush_wrong: int = 0
    rush_first_at: datetime | None = None
    streak_days: int = 0
    streak_start: date | None = None
    last_practice_day: date | None = None
    week_start: date | None = None
    week_skills: tuple[int, ...] = ()
    week_gain: int = 0
    standings: dict[str, Standing] = field(default_factory=dict)
    recognition_day: date | None = None
    recognitions_today: int = 0

    def standing(self, metric: str) -> Standing:
        return self.standings.get(metric, Standing())

    def copy(self) -> "GrowthState":
        twin = copy(self)  # every other field is immutable
        twin.standings = dict(self.standings)
        return twin


@dataclass(frozen=True)
class AttemptFacts:
    """One recorded attempt, with the mastery it moved (from AttemptOutcome)."""

    at: datetime
    day: date  # local date of `at`
    correct: bool
    attempt_number: int
    time_spent_ms: int
    hint_used: bool
    question_id: int
    exercise_id: int
    skill_id: int
    difficulty: str
    mastery_before: int
    mastery_after: int
    skill_attempts_before: int


@dataclass(frozen=True)
class PastTry:
    """An earlier attempt at the same question by the same student."""

    at: datetime
    correct: bool
    attempt_number: int
    time_spent_ms: int
    hint_used: bool


@dataclass(frozen=True)
class PassStats:
    """A pass through an exercise: its score and how much help and retrying it took."""

    score: int
    hints: int  # questions on which a hint was opened
    retries: int  # answers beyond the first on each question


@dataclass(frozen=True)
class PassFinish:
    """The attempt finished a pass (an ExerciseRun, or a replayed one)."""

    period: str
    current: PassStats
    previous: PassStats | None  # the pass before it on the same exercise
    exercise_best: int | None  # best exercise_score so far on the exercise


@dataclass(frozen=True)
class BestChange:
    """A record row to insert (new_row) or raise (a later, higher value in the same period)."""

    metric: str
    period: str
    value: int
    previous: int | None  # the standing best before this period; None: a baseline
    new_row: bool
    exercise_id: int | None = None
    skill_id: int | None = None

    @property
    def celebrate(self) -> bool:
        return self.new_row and self.previous is not None

    @property
    def improvement(self) -> int | None:
        return None if self.previous is None else self.value - self.previous


@dataclass(frozen=True)
class Candidate:
    kind: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RushUpdate:
    """The day's rushing counters after a rushed answer (absolute values, for an upsert)."""

    day: date
    answers: int
    wrong: int
    first_at: datetime
    last_at: datetime


@dataclass
class Findings:
    bests: list[BestChange] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    rushed: bool = False
    rush: RushUpdate | None = None


# --- records ---------------------------------------------------------------------------------


def record_check(standing: Standing, *, value: int, period: str) -> tuple[Standing, str | None]:
    """Compare a value with the standing best. Returns the new standing and what to do:
    "baseline" (first value ever: a row, no celebration), "record" (a new row, celebrated),
    "raise" (the period's row goes higher, silently) or None."""
    if standing.best is None:
        return Standing(value, period, None), "baseline"
    if value <= standing.best:
        return standing, None
    if standing.period == period:
        return Standing(value, period, standing.beaten), "raise"
    return Standing(value, period, standing.best), "record"


def _best_change(
    state: GrowthState, metric: str, *, value: int, period: str, skill_id: int | None = None
) -> BestChange | None:
    standing, action = record_check(state.standing(metric), value=value, period=period)
    if action is None:
        return None
    state.standings[metric] = standing
    return BestChange(metric, period, value, standing.beaten, action != "raise", skill_id=skill_id)


# --- the fold --------------------------------------------------------------------------------


def _epoch_ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


_RUSH_WINDOW_MS = int(RUSH_WINDOW.total_seconds() * 1000)


def _rush(state: GrowthState, a: AttemptFacts) -> tuple[bool, RushUpdate | None]:
    fast = is_fast(a.time_spent_ms)
    if not fast and not state.fast_answers:
        return False, None
    now = _epoch_ms(a.at)
    horizon = now - _RUSH_WINDOW_MS
    window = [(t, ok) for t, ok in state.fast_answers if horizon <= t <= now]
    if fast:
        window.append((now, a.correct))
    window = window[-RUSH_MEMORY:]
    state.fast_answers = tuple(window)
    wrong = sum(1 for _, ok in window if not ok)
    rushed = (
        fast
        and len(window) >= RUSH_MIN_FAST_ANSWERS
        and wrong >= RUSH_MIN_WRONG_SHARE * len(window)
    )
    if not rushed:
        return False, None
    if state.rush_day != a.day:
        state.rush_day, state.rush_answers, state.rush_wrong = a.day, 0, 0
        state.rush_first_at = a.at
    fresh = [(t, ok) for t, ok in window if t > state.rush_counted_until]
    state.rush_counted_until = now
    state.rush_answers += len(fresh)
    state.rush_wrong += sum(1 for _, ok in fresh if not ok)
    update = RushUpdate(a.day, state.rush_answers, state.rush_wrong, state.rush_first_at, a.at)
    return True, update


def _streak(state: GrowthState, day: date) -> bool:
    """Count a practice day; True when the streak changed (grew, or restarted)."""
    last = state.last_practice_day
    if last is not None and day <= last:
        return False  # the same day, or a late report of an earlier one
    if last is not None and day == last + timedelta(days=1):
        state.streak_days += 1
    else:
        state.streak_days, state.streak_start = 1, day
    state.last_practice_day = day
    return True


def self_correction(a: AttemptFacts, past: Sequence[PastTry]) -> bool:
    """Right straight after a real wrong try at the same question, in the same sitting, with no
    hint and without the worked solution on screen."""
    if not a.correct or not past or a.hint_used:
        return False
    previous = past[0]
    return (
        not previous.correct
        and not previous.hint_used
        and not is_fast(previous.time_spent_ms)
        and a.at - previous.at <= EPISODE_GAP
        and mastery_rules.feedback_kind(correct=False, attempt_number=previous.attempt_number)
        == "keep_going"
    )


def persistence(a: AttemptFacts, past: Sequence[PastTry], hard: bool) -> int:
    """The number of real wrong tries overcome when a student came back to a hard question and
    got it right; 0 when this attempt is not that."""
    if not a.correct or not hard or not past or a.at - past[0].at < RETURN_GAP:
        return 0
    wrong = 0
    for earlier in past:
        if earlier.correct:
            break
        wrong += not is_fast(earlier.time_spent_ms)
    return wrong if wrong >= PERSISTENCE_MIN_WRONG_TRIES else 0


def deep_thinking(a: AttemptFacts, median_ms: float | None, hard: bool) -> bool:
    return (
        a.correct
        and hard
        and median_ms is not None
        and a.time_spent_ms <= DEEP_THINKING_MAX_MS
        and a.time_spent_ms >= DEEP_THINKING_FACTOR * median_ms
        and a.time_spent_ms - median_ms >= DEEP_THINKING_MIN_EXTRA_MS
    )


def faced_challenge(a: AttemptFacts) -> bool:
    return a.correct and (
        above_level(a.difficulty, a.mastery_before, a.skill_attempts_before)
        or (
            a.mastery_before < CHALLENGE_MASTERY
            and a.skill_attempts_before >= CHALLENGE_MIN_SKILL_ATTEMPTS
        )
    )


def improved_strategy(current: PassStats, previous: PassStats | None) -> bool:
    """A better score than the previous pass, with less help and fewer retries in total and
    more of neither."""
    return (
        previous is not None
        and current.score > previous.score
        and current.hints <= previous.hints
        and current.retries <= previous.retries
        and current.hints + current.retries < previous.hints + previous.retries
    )


def step(
    state: GrowthState,
    a: AttemptFacts,
    *,
    past: Sequence[PastTry] = (),
    finish: PassFinish | None = None,
) -> tuple[GrowthState, Findings]:
    """Fold one attempt into the student's growth state.

    `past`: earlier attempts at the same question, most recent first (a few are enough).
    `finish`: when this attempt finished a pass through its exercise.
    """
    findings = Findings()
    state = state.copy()

    rushed, findings.rush = _rush(state, a)
    findings.rushed = rushed

    # Accuracy and the median time read the student's answers, rushed ones included.
    median_ms = median_time(state.first_try_times)
    if a.attempt_number == 1:
        state.first_tries = (state.first_tries + "01"[a.correct])[-ACCURACY_WINDOW:]
        if 0 < a.time_spent_ms <= DEEP_THINKING_MAX_MS:
            state.first_try_times = (*state.first_try_times, a.time_spent_ms)[-MEDIAN_WINDOW:]

    # The week's mastery gain and mastered skills: mastery moved, rushed or not.
    monday = week_start(a.day)
    week_open = state.week_start is None or monday >= state.week_start
    newly_mastered = False
    if week_open:
        if state.week_start != monday:
            state.week_start, state.week_skills, state.week_gain = monday, (), 0
        state.week_gain += a.mastery_after - a.mastery_before
        if a.mastery_before < MASTERED <= a.mastery_after and a.skill_id not in state.week_skills:
            state.week_skills = (*state.week_skills, a.skill_id)
            newly_mastered = True

    if rushed:
        return state, findings  # a rushed answer earns nothing

    streak_changed = _streak(state, a.day)
    period_week = week_period(a.day)
    checks: list[tuple[str, int, str, int | None]] = []
    accuracy = accuracy_percent(state.first_tries) if a.attempt_number == 1 else None
    if accuracy is not None:
        checks.append((ACCURACY_RATE, accuracy, a.day.isoformat(), None))
    if streak_changed:
        checks.append((STREAK_LENGTH, state.streak_days, f"from:{state.streak_start}", None))
    if newly_mastered:
        checks.append((CONCEPTS_MASTERED_WEEK, len(state.week_skills), period_week, a.skill_id))
    if week_open and state.week_gain > 0:
        checks.append((IMPROVEMENT_RATE, state.week_gain, period_week, None))
    for metric, value, period, skill_id in checks:
        change = _best_change(state, metric, value=value, period=period, skill_id=skill_id)
        if change is not None:
            findings.bests.append(change)

    if finish is not None:
        _, action = record_check(
            Standing(finish.exercise_best), value=finish.current.score, period=finish.period
        )
        if action is not None:
            findings.bests.append(
                BestChange(
                    EXERCISE_SCORE,
                    finish.period,
                    finish.current.score,
                    finish.exercise_best,
                    True,
                    exercise_id=a.exercise_id,
                )
            )

    findings.candidates = _candidates(a, past=past, finish=finish, median_ms=median_ms)
    if streak_changed and state.streak_days in STREAK_MILESTONES:
        findings.candidates.append(Candidate(PRACTICED_REGULARLY, {"days": state.streak_days}))
    findings.candidates.sort(key=lambda c: RECOGNITION_KINDS.index(c.kind))
    return state, findings


def _candidates(
    a: AttemptFacts,
    *,
    past: Sequence[PastTry],
    finish: PassFinish | None,
    median_ms: float | None,
) -> list[Candidate]:
    found = []
    hard = is_hard(a.difficulty, a.mastery_before, a.skill_attempts_before)
    # An answer given in a couple of seconds shows no effort or strategy, right or not: only
    # the pass as a whole can still be recognised.
    considered = not is_fast(a.time_spent_ms)
    if finish is not None and improved_strategy(finish.current, finish.previous):
        previous = finish.previous
        found.append(
            Candidate(
                IMPROVED_STRATEGY,
                {
                    "score": finish.current.score,
                    "previous_score": previous.score,
                    "help": finish.current.hints + finish.current.retries,
                    "previous_help": previous.hints + previous.retries,
                },
            )
        )
    if not considered:
        return found
    overcome = persistence(a, past, hard)
    if overcome:
        found.append(Candidate(PERSISTENCE, {"tries": overcome + 1}))
    if self_correction(a, past):
        found.append(Candidate(SELF_CORRECTION))
    if deep_thinking(a, median_ms, hard):
        seconds, usual = round(a.time_spent_ms / 1000), round(median_ms / 1000)
        found.append(Candidate(DEEP_THINKING, {"seconds": seconds, "usual_seconds": usual}))
    if faced_challenge(a):
        found.append(
            Candidate(FACED_CHALLENGE, {"difficulty": a.difficulty, "mastery": a.mastery_before})
        )
    return found


def choose_recognitions(
    state: GrowthState, candidates: Iterable[Candidate], *, already: set[str], day: date
) -> tuple[GrowthState, list[Candidate]]:
    """Keep the candidates not yet earned on this exercise (`already`: kinds earned there), in
    priority order, up to the daily cap."""
    state = state.copy()
    if state.recognition_day != day:
        state.recognition_day, state.recognitions_today = day, 0
    chosen = []
    for candidate in candidates:
        if candidate.kind in already:
            continue
        if state.recognitions_today >= RECOGNITIONS_PER_DAY:
            break
        chosen.append(candidate)
        state.recognitions_today += 1
    return state, chosen


# --- passes, for the rebuild ------------------------------------------------------------------


@dataclass
class OpenPass:
    """A pass through an exercise replayed from the attempt log, as mastery.tracking.run_record
    counts an ExerciseRun: the first answer to each question counts, and the pass ends once
    every question has one."""

    period: str
    started_at: datetime
    total: int
    questions: set[int] = field(default_factory=set)
    first_try_correct: int = 0
    hinted: set[int] = field(default_factory=set)
    attempts: int = 0

    def add(self, *, question_id: int, correct: bool, hint_used: bool) -> bool:
        """Count an answer; True when it finishes the pass."""
        if question_id not in self.questions:
            self.questions.add(question_id)
            self.first_try_correct += correct
        if hint_used:
            self.hinted.add(question_id)
        self.attempts += 1
        return len(self.questions) >= self.total

    def stats(self) -> PassStats:
        return pass_stats(
            score=mastery_rules.run_score(self.first_try_correct, self.total),
            attempts=self.attempts,
            questions=len(self.questions),
            hinted=len(self.hinted),
        )


def pass_stats(*, score: int, attempts: int, questions: int, hinted: int) -> PassStats:
    return PassStats(score=score, hints=hinted, retries=max(0, attempts - questions))


# --- teacher suggestions ----------------------------------------------------------------------


def rushing_suggestion(*, days_flagged: int, answers: int, wrong: int) -> str:
    """Which concrete suggestion the teacher sees for a rushing student (wording in the
    template): a private talk after several rushing days, else slowing down with the hints."""
    if days_flagged >= RUSH_CHECK_IN_DAYS:
        return "check_in"
    if answers and wrong == answers:
        return "use_hints"
    return "slow_down"
