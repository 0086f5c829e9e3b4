"""Who in a class may need a teacher's attention, why, in which order, and what to do (no ORM
here). Every threshold the teacher view uses lives here; docs/teacher-pages.md states them."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

DECLINE_POINTS = 5  # mastery points lost over the week
INACTIVE_DAYS = 5
STRUGGLING_MASTERY = 40
STRUGGLING_MIN_ATTEMPTS = 6

BANDS = ("advanced", "proficient", "developing", "beginning")


def band(mastery: int) -> str:
    """Advanced above 80, proficient 60-80, developing 40-60, beginning below 40."""
    if mastery > 80:
        return "advanced"
    if mastery >= 60:
        return "proficient"
    if mastery >= 40:
        return "developing"
    return "beginning"


@dataclass(frozen=True)
class SkillStanding:
    skill_id: int
    skill_name: str
    mastery: int  # current
    attempts: int


@dataclass(frozen=True)
class Concern:
    kind: str  # declining, inactive, struggling, rushing
    value: int  # points lost, days inactive, mastery %, rushed answers
    skill_name: str = ""
    tutor: object = None  # a classmate who mastered that skill
    skill_id: int | None = None
    attempts: int = 0  # for struggling: attempts on that skill


def concerns(
    *,
    week_change: int,
    days_inactive: int | None,
    standings: Sequence[SkillStanding],
    tutors: Mapping[int, object],
    rushed_answers: int = 0,
) -> list[Concern]:
    found = []
    if week_change <= -DECLINE_POINTS:
        found.append(Concern("declining", -week_change))
    if days_inactive is not None and days_inactive >= INACTIVE_DAYS:
        found.append(Concern("inactive", days_inactive))
    hard = [
        s
        for s in standings
        if s.attempts >= STRUGGLING_MIN_ATTEMPTS and s.mastery < STRUGGLING_MASTERY
    ]
    if hard:
        worst = min(hard, key=lambda s: s.mastery)
        found.append(
            Concern(
                "struggling",
                worst.mastery,
                worst.skill_name,
                tutors.get(worst.skill_id),
                worst.skill_id,
                worst.attempts,
            )
        )
    if rushed_answers:
        found.append(Concern("rushing", rushed_answers))
    return found


def hard_skills(standings: Sequence[SkillStanding]) -> list[SkillStanding]:
    """The skills a student is stuck on: below STRUGGLING_MASTERY after enough attempts."""
    return [
        s
        for s in standings
        if s.attempts >= STRUGGLING_MIN_ATTEMPTS and s.mastery < STRUGGLING_MASTERY
    ]


# --- Triage: the order of the list ----------------------------------------------------------
#
# Each concern weighs 1 to 3 by how far past its line it is; a student's urgency is the sum.
# A student who stopped coming is the one a teacher can lose, so long inactivity weighs most;
# a skill that does not stick after many tries weighs more than one just started.
INACTIVE_LONG_DAYS = 10
DECLINE_STEEP_POINTS = 10
STRUGGLING_DEEP_MASTERY = 25
STRUGGLING_MANY_ATTEMPTS = 12


def concern_weight(concern: Concern) -> int:
    if concern.kind == "inactive":
        return 3 if concern.value >= INACTIVE_LONG_DAYS else 2
    if concern.kind == "declining":
        return 2 if concern.value >= DECLINE_STEEP_POINTS else 1
    if concern.kind == "struggling":
        deep = concern.value < STRUGGLING_DEEP_MASTERY
        many = concern.attempts >= STRUGGLING_MANY_ATTEMPTS
        return 1 + deep + many
    return 1  # rushing: a conversation, not an emergency


def urgency(concerns_found: Sequence[Concern]) -> int:
    return sum(concern_weight(c) for c in concerns_found)


def triage_key(*, concerns_found: Sequence[Concern], mastery: int, name: str) -> tuple:
    """Sort key, most urgent first: higher urgency, then more concerns, then lower mastery,
    then the name (a stable, explainable order)."""
    return (-urgency(concerns_found), -len(concerns_found), mastery, name.casefold())


# --- Groups: where one action serves several students ---------------------------------------
GROUP_MIN_STUDENTS = 3  # from three students stuck on one skill, re-teach it in a small group


@dataclass
class SkillGroup:
    skill_id: int
    skill_name: str
    student_ids: list[int] = field(default_factory=list)


def skill_groups(stuck: Mapping[int, Sequence[SkillStanding]], order: Sequence[int]) -> list:
    """Skills on which GROUP_MIN_STUDENTS or more students are stuck, the most students first
    (then the skill's name); each group's students in `order` (the triage order)."""
    by_skill: dict[int, SkillGroup] = {}
    rank = {sid: i for i, sid in enumerate(order)}
    for student_id in sorted(stuck, key=lambda sid: rank.get(sid, len(rank))):
        for standing in stuck[student_id]:
            group = by_skill.setdefault(
                standing.skill_id, SkillGroup(standing.skill_id, standing.skill_name)
            )
            group.student_ids.append(student_id)
    groups = [g for g in by_skill.values() if len(g.student_ids) >= GROUP_MIN_STUDENTS]
    return sorted(groups, key=lambda g: (-len(g.student_ids), g.skill_name.casefold()))


# --- Tutors: a classmate to pair with -------------------------------------------------------
TUTOR_MAX_SUGGESTIONS = 2  # no classmate is asked to tutor more than two others at once


@dataclass(frozen=True)
class TutorCandidate:
    student_id: int
    mastery: int  # on the skill, as displayed
    active: bool  # practised within INACTIVE_DAYS


def assign_tutors(
    *,
    needs: Iterable[tuple[int, int, int]],
    candidates: Mapping[int, Sequence[TutorCandidate]],
    opted_in: set[int],
    flagged_subjects: Mapping[int, set[int]],
) -> dict[tuple[int, int], int]:
    """A tutor for each (student, skill) need, taken in order (most urgent first).

    `needs`: (student id, skill id, subject id); `candidates`: per skill, classmates who
    mastered it; `opted_in`: students who said they are happy to help (peer help);
    `flagged_subjects`: per student, the subjects they are stuck in themselves.
    A tutor is opted in, active, not stuck in that subject, not the student, and suggested
    at most TUTOR_MAX_SUGGESTIONS times; among those, the least suggested so far, then the
    highest mastery, then the lowest id (stable)."""
    given: dict[int, int] = {}
    found: dict[tuple[int, int], int] = {}
    for student_id, skill_id, subject_id in needs:
        fit = [
            c
            for c in candidates.get(skill_id, ())
            if c.student_id != student_id
            and c.student_id in opted_in
            and c.active
            and subject_id not in flagged_subjects.get(c.student_id, set())
            and given.get(c.student_id, 0) < TUTOR_MAX_SUGGESTIONS
        ]
        if not fit:
            continue
        best = min(fit, key=lambda c: (given.get(c.student_id, 0), -c.mastery, c.student_id))
        found[(student_id, skill_id)] = best.student_id
        given[best.student_id] = given.get(best.student_id, 0) + 1
    return found
