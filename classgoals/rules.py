"""Every class-goal rule and threshold, as pure functions (no ORM, no I/O).

A goal's measure is a pair (value, population): `value` is what the class has done, in the
kind's unit; `population` is the number of students in the class when it was measured. For
the share-of-students kinds the target is a percentage of the class and the value a head
count, so the rule can say "we need 3 more students" instead of "12% to go".
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

MASTERY_AVERAGE = "mastery_average"  # class average mastery % on a subject or skill
MASTERED_SHARE = "mastered_share"  # % of the class who master a subject or skill
EXERCISES = "exercises"  # exercises completed (finished passes) by the class
HELP_SESSIONS = "help_sessions"  # completed peer-help sessions in the class
REFLECTIONS = "reflections"  # reflections written and shared with teachers
PARTICIPATION = "participation"  # % of the class who practised in the period

KINDS = (MASTERY_AVERAGE, MASTERED_SHARE, EXERCISES, HELP_SESSIONS, REFLECTIONS, PARTICIPATION)
MASTERY_KINDS = frozenset({MASTERY_AVERAGE, MASTERED_SHARE})
PERCENT_KINDS = frozenset({MASTERY_AVERAGE, MASTERED_SHARE, PARTICIPATION})
HEADCOUNT_KINDS = frozenset({MASTERED_SHARE, PARTICIPATION})
# Kinds measured over the goal's dates; the mastery kinds are the class's state now.
PERIOD_KINDS = frozenset({EXERCISES, HELP_SESSIONS, REFLECTIONS, PARTICIPATION})

# A student "masters" a subject or skill at the mastery level's threshold (mastery.rules).
MASTERED_AT = 90
TARGET_MAX_COUNT = 5000
MAX_GOAL_DAYS = 180
# Progress shares that change the words of encouragement.
ALMOST_THERE = 80
HALF_WAY = 50
# A reached or ended goal stays on the class's cards this long, so the class sees it.
SHOWN_AFTER_END = timedelta(days=14)


def students_needed(target_percent: int, population: int) -> int:
    """Students needed for `target_percent` of a class of `population` (rounded up)."""
    return -(-target_percent * population // 100)


@dataclass(frozen=True)
class Progress:
    kind: str
    value: int
    population: int
    target: int
    goal_units: int  # the target in the value's unit (students for the head-count kinds)
    remaining: int  # units still to go: points, students or items; 0 once reached
    percent: int  # 0-100, how far along toward the target
    reached: bool

    @property
    def tone(self) -> str:
        """The encouragement to show: reached, almost, halfway or started."""
        if self.reached:
            return "reached"
        if self.percent >= ALMOST_THERE:
            return "almost"
        if self.percent >= HALF_WAY:
            return "halfway"
        return "started"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "value": self.value,
            "population": self.population,
            "target": self.target,
            "goal_units": self.goal_units,
            "remaining": self.remaining,
            "percent": self.percent,
            "reached": self.reached,
        }


def progress(*, kind: str, value: int, population: int, target: int) -> Progress:
    goal_units = students_needed(target, population) if kind in HEADCOUNT_KINDS else target
    # An empty class has nothing to reach yet: never "reached" by 0 of 0.
    reached = goal_units > 0 and value >= goal_units
    remaining = max(0, goal_units - value)
    percent = 100 if reached else (min(99, value * 100 // goal_units) if goal_units else 0)
    return Progress(kind, value, population, target, goal_units, remaining, percent, reached)


def mastery_average(masteries: list[int]) -> int:
    """The class average of students' mastery, rounded half up; 0 for an empty class."""
    if not masteries:
        return 0
    return (2 * sum(masteries) + len(masteries)) // (2 * len(masteries))


def student_mastery(skill_masteries: dict[int, int], skill_ids: list[int]) -> int:
    """A student's mastery of a subject: the average over its skills, unpractised ones at 0."""
    if not skill_ids:
        return 0
    return mastery_average([skill_masteries.get(pk, 0) for pk in skill_ids])


def mastery_measure(per_student: list[int], *, kind: str) -> int:
    if kind == MASTERED_SHARE:
        return sum(1 for m in per_student if m >= MASTERED_AT)
    return mastery_average(per_student)


def in_scope(*, subject_id: int | None, skill_id: int | None, of_skill: tuple[int, int]) -> bool:
    """Whether work on a skill (`of_skill` = (skill id, subject id)) counts toward a goal
    limited to a subject or a skill (neither: the whole class's work counts)."""
    if skill_id is not None:
        return of_skill[0] == skill_id
    return subject_id is None or of_skill[1] == subject_id


def moved_by_attempt(*, kind: str, finished_pass: bool) -> bool:
    """Whether an attempt can move a goal of this kind: the receiver on the attempt path
    recomputes only these (help sessions and reflections have their own events)."""
    if kind == EXERCISES:
        return finished_pass
    return kind in MASTERY_KINDS or kind == PARTICIPATION


def is_open(*, start: date, end: date, today: date) -> bool:
    return start <= today <= end


def goal_errors(
    *,
    kind: str,
    target: int | None,
    start: date | None,
    end: date | None,
    has_scope: bool,
    today: date,
) -> dict[str, str]:
    """What is wrong with a goal's settings, as {field: code}; empty when it can be saved."""
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = "unknown_kind"
    if kind in MASTERY_KINDS and not has_scope:
        errors["subject"] = "scope_required"
    if target is None or target < 1:
        errors["target"] = "target_too_small"
    elif kind in PERCENT_KINDS and target > 100:
        errors["target"] = "percent_too_large"
    elif target > TARGET_MAX_COUNT:
        errors["target"] = "target_too_large"
    if start and end:
        if end < start:
            errors["end_date"] = "ends_before_start"
        elif (end - start).days > MAX_GOAL_DAYS:
            errors["end_date"] = "too_long"
        elif end < today:
            errors["end_date"] = "already_over"
    return errors


def teacher_may_edit(*, goal_subject_id: int | None, teacher_subject_ids) -> bool:
    """A teacher edits a goal of a subject they teach in the class, or one about no subject;
    a goal of another subject stays as its teachers set it (read-only for the others)."""
    return goal_subject_id is None or goal_subject_id in teacher_subject_ids


def counting_since(*, period_start: datetime, created_at: datetime | None) -> datetime:
    """When work starts to count toward a goal: its first day, or the moment it was set if
    that is later. A goal set at noon does not count the morning's work, else a "3 exercises"
    goal could be reached the moment it is created."""
    if created_at is None:
        return period_start
    return max(period_start, created_at)


# The languages a teacher may write a goal in, in the order the base column takes the first.
TEXT_LANGUAGES = ("fr", "ar", "en")


def written_texts(texts: dict[str, str]) -> dict[str, str]:
    """A teacher's words per language, trimmed, every language present (blank if not given)."""
    return {lang: (texts.get(lang) or "").strip() for lang in TEXT_LANGUAGES}


def first_written(texts: dict[str, str]) -> str:
    """The text the base column keeps (admin, str()): the first language written."""
    return next((texts[lang] for lang in TEXT_LANGUAGES if texts.get(lang)), "")
