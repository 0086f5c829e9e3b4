"""Every personal-challenge rule and threshold, as pure functions (no ORM, no I/O).

A personal challenge is a goal a student sets for themselves (spec section 10). Its progress
is a small state (`Progress`) folded forward by one event at a time: an attempt
(`after_attempt`) or a completed help session (`after_help`). The service reads the rows,
calls these folds, and writes back what changed, so the rules are tested without a database.

Kinds and what their numbers mean:

- beat_score: finish a pass through one exercise with a score (%) of at least `target`, which
  is above the student's personal best on it when the challenge was set (`baseline`).
- learning_streak: practise `target` days in a row, counted from the day the challenge is set.
  A missed day starts the run again; the longest run is kept (`best`).
- master_skill: bring one skill's mastery to the mastered level (`target` = MASTERED).
- help_others: complete `target` peer-help sessions as the helper.
- advanced_content: finish a pass through an exercise above the student's level on its skill,
  or on a skill just opened. `target` = its number of questions; progress = questions
  answered in the current pass.
- daily_practice: on `target` days (not necessarily in a row), practise at least `daily_goal`
  questions or minutes. Quick guesses (growth's fast answers) do not count as questions.

Suggestions (`suggest_*`) are computed from the student's own numbers and are always
reachable: a score that the exercise's question count can produce, a streak no longer than
the days left before the deadline, and so on.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from growth import rules as growth_rules
from mastery import rules as mastery_rules

BEAT_SCORE = "beat_score"
LEARNING_STREAK = "learning_streak"
MASTER_SKILL = "master_skill"
HELP_OTHERS = "help_others"
ADVANCED_CONTENT = "advanced_content"
DAILY_PRACTICE = "daily_practice"
KINDS = (BEAT_SCORE, LEARNING_STREAK, MASTER_SKILL, HELP_OTHERS, ADVANCED_CONTENT, DAILY_PRACTICE)
# Kinds an attempt can move, and the one a help session moves.
ATTEMPT_KINDS = (BEAT_SCORE, LEARNING_STREAK, MASTER_SKILL, ADVANCED_CONTENT, DAILY_PRACTICE)
HELP_KINDS = (HELP_OTHERS,)
# Kinds tied to one exercise, or one skill.
EXERCISE_KINDS = (BEAT_SCORE, ADVANCED_CONTENT)
SKILL_KINDS = (MASTER_SKILL,)

QUESTIONS = "questions"
MINUTES = "minutes"
DAILY_UNITS = (QUESTIONS, MINUTES)

MASTERED = mastery_rules.LEVEL_THRESHOLDS[0][1]
# A few goals at a time keeps each one meaningful (and the attempt path cheap).
MAX_ACTIVE = 5
# Bounds on what a student may set: generous, never absurd.
MAX_STREAK_DAYS = 60
MAX_HELP_SESSIONS = 20
MAX_PRACTICE_DAYS = 30
MAX_DAILY_QUESTIONS = 100
MAX_DAILY_MINUTES = 120
MAX_DEADLINE_DAYS = 120
TEXT_MAX = 300

# Suggestions.
SCORE_STEP = 5  # beat the best by at least this many points when the exercise allows it
STREAK_STEPS = (3, 5, 7, 10, 14, 21, 30)
HELP_DEFAULT = 2
PRACTICE_DAYS_DEFAULT = 5
DAILY_QUESTIONS_DEFAULT = 10
DAILY_MINUTES_DEFAULT = 15
DAILY_ROUND = 5
HISTORY_DAYS = 14


@dataclass(frozen=True)
class Progress:
    """What a challenge remembers between events (stored on the row)."""

    value: int = 0  # what the progress bar shows
    best: int = 0  # the furthest it got (longest run for a streak)
    last_day: date | None = None  # streak and daily practice: the last day counted
    day_total: int = 0  # daily practice: questions, or seconds, on last_day


@dataclass(frozen=True)
class Goal:
    """The challenge's fixed parameters."""

    kind: str
    target: int
    exercise_id: int | None = None
    skill_id: int | None = None
    daily_unit: str = ""
    daily_goal: int = 0


@dataclass(frozen=True)
class AttemptFacts:
    """One recorded attempt, as the folds need it."""

    day: date
    exercise_id: int
    skill_id: int
    time_spent_ms: int
    mastery_after: int
    run_answered: int | None = None  # questions answered in the pass it belongs to
    finished_score: int | None = None  # the pass's score when this attempt finished it


def is_complete(goal: Goal, progress: Progress) -> bool:
    return progress.best >= goal.target


def _grow(progress: Progress, value: int) -> Progress:
    return replace(progress, value=value, best=max(progress.best, value))


def after_attempt(goal: Goal, progress: Progress, a: AttemptFacts) -> Progress:
    """The challenge's progress after one attempt (unchanged if the attempt is unrelated)."""
    kind = goal.kind
    if kind == BEAT_SCORE:
        if a.exercise_id != goal.exercise_id or a.finished_score is None:
            return progress
        return _grow(progress, max(progress.value, a.finished_score))
    if kind == MASTER_SKILL:
        if a.skill_id != goal.skill_id:
            return progress
        return _grow(progress, a.mastery_after)
    if kind == ADVANCED_CONTENT:
        if a.exercise_id != goal.exercise_id or a.run_answered is None:
            return progress
        answered = goal.target if a.finished_score is not None else a.run_answered
        return _grow(progress, min(goal.target, answered))
    if kind == LEARNING_STREAK:
        return streak_step(progress, a.day)
    if kind == DAILY_PRACTICE:
        amount = _practice_amount(goal.daily_unit, a.time_spent_ms)
        return daily_step(progress, day=a.day, amount=amount, goal_amount=daily_goal_amount(goal))
    return progress


def after_help(goal: Goal, progress: Progress, *, sessions: int) -> Progress:
    """`sessions`: completed help sessions as the helper since the challenge was set."""
    if goal.kind != HELP_OTHERS:
        return progress
    return _grow(progress, sessions)


def streak_step(progress: Progress, day: date) -> Progress:
    last = progress.last_day
    if last is not None and day <= last:
        return progress  # the same day, or a late report of an earlier one
    continued = last is not None and day == last + timedelta(days=1)
    value = progress.value + 1 if continued else 1
    return replace(_grow(progress, value), last_day=day)


def _practice_amount(unit: str, time_spent_ms: int) -> int:
    if unit == MINUTES:
        return max(0, time_spent_ms) // 1000  # seconds; the goal is compared in seconds
    return 0 if growth_rules.is_fast(time_spent_ms) else 1


def daily_goal_amount(goal: Goal) -> int:
    return goal.daily_goal * 60 if goal.daily_unit == MINUTES else goal.daily_goal


def daily_step(progress: Progress, *, day: date, amount: int, goal_amount: int) -> Progress:
    """Count a day once, the moment its total reaches the daily goal."""
    last = progress.last_day
    if last is not None and day < last:
        return progress  # a late report of an earlier day: that day is closed
    before = progress.day_total if day == last else 0
    total = before + amount
    value = progress.value + (1 if before < goal_amount <= total else 0)
    return replace(_grow(progress, value), last_day=day, day_total=total)


def current_value(goal: Goal, progress: Progress, today: date) -> int:
    """What to show now: a streak not kept up yesterday or today has run out."""
    lapsed = progress.last_day is None or (today - progress.last_day).days > 1
    if goal.kind == LEARNING_STREAK and lapsed:
        return 0
    return progress.value


def percent(goal: Goal, progress: Progress, *, baseline: int | None, today: date) -> int:
    """The progress bar's fill, 0-100. A score challenge fills from the best it set out to
    beat, so the bar shows the step still to take."""
    if is_complete(goal, progress):
        return 100
    value = current_value(goal, progress, today)
    start = (baseline or 0) if goal.kind == BEAT_SCORE else 0
    span = goal.target - start
    if span <= 0:
        return 0
    return max(0, min(99, (value - start) * 100 // span))


def is_expired(*, deadline: date | None, today: date) -> bool:
    return deadline is not None and today > deadline


def days_left(*, deadline: date | None, today: date) -> int | None:
    """Days still open, today included."""
    return None if deadline is None else (deadline - today).days + 1


# --- what a student may set ---------------------------------------------------------------


def achievable_scores(questions: int) -> list[int]:
    """The scores a pass through an exercise of this many questions can produce."""
    return sorted({mastery_rules.run_score(right, questions) for right in range(questions + 1)})


def score_target_error(*, target: int, best: int | None) -> str | None:
    """Why a score target cannot be a challenge (a code), or None when it can."""
    if best is None:
        return "no_best"
    if best >= 100:
        return "already_perfect"
    if not best < target <= 100:
        return "not_above_best"
    return None  # a pass scoring 100 reaches any target up to 100


def suggest_score(*, best: int, questions: int) -> int | None:
    """The smallest score the exercise can produce that beats the best by a real step (or, if
    none, simply beats it). None when the best is already perfect."""
    above = [s for s in achievable_scores(questions) if s > best]
    if not above:
        return None
    stepped = [s for s in above if s >= best + SCORE_STEP]
    return (stepped or above)[0]


def max_streak(*, deadline: date | None, today: date) -> int:
    left = days_left(deadline=deadline, today=today)
    return MAX_STREAK_DAYS if left is None else max(0, min(MAX_STREAK_DAYS, left))


def suggest_streak(*, best_streak: int, deadline: date | None = None, today: date) -> int:
    """The next step above the longest streak the student has kept, within the days left."""
    wanted = next((s for s in STREAK_STEPS if s > best_streak), STREAK_STEPS[-1])
    return max(1, min(wanted, max_streak(deadline=deadline, today=today)))


def _round_to(value: float, step: int, low: int, high: int) -> int:
    return max(low, min(high, int(step * round(value / step)) or low))


def suggest_daily(*, unit: str, day_totals: list[int]) -> int:
    """A daily amount the student already reaches on a typical practice day: the median of
    their recent practice days (questions, or seconds for minutes), rounded to a step of 5."""
    if unit == MINUTES:
        days = sorted(t / 60 for t in day_totals if t > 0)
        default, high = DAILY_MINUTES_DEFAULT, MAX_DAILY_MINUTES
    else:
        days = sorted(t for t in day_totals if t > 0)
        default, high = DAILY_QUESTIONS_DEFAULT, MAX_DAILY_QUESTIONS
    if not days:
        return default
    middle = days[len(days) // 2]
    return _round_to(middle, DAILY_ROUND, DAILY_ROUND, high)


def max_practice_days(*, deadline: date | None, today: date) -> int:
    left = days_left(deadline=deadline, today=today)
    return MAX_PRACTICE_DAYS if left is None else max(0, min(MAX_PRACTICE_DAYS, left))


def suggest_practice_days(*, deadline: date | None = None, today: date) -> int:
    return max(1, min(PRACTICE_DAYS_DEFAULT, max_practice_days(deadline=deadline, today=today)))


def suggest_help(*, recent_sessions: int) -> int:
    """One more than the student helped lately, at least HELP_DEFAULT."""
    return max(HELP_DEFAULT, min(MAX_HELP_SESSIONS, recent_sessions + 1))


def is_advanced(*, difficulty: str, mastery: int, attempts: int, status: str) -> bool:
    """An exercise counts as advanced content for this student: above their level on its
    skill, or on a skill that just opened (ready, not started)."""
    if status == "locked" or mastery >= MASTERED:
        return False
    return status == "ready" or growth_rules.above_level(difficulty, mastery, attempts)
