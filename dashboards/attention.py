"""Who in a class may need a teacher's attention, and why (no ORM here).

Every threshold the teacher view uses lives here."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
    demonstrated: int
    attempts: int


@dataclass(frozen=True)
class Concern:
    kind: str  # declining, inactive, struggling, rushing
    value: int  # points lost, days inactive, mastery %, rushed answers
    skill_name: str = ""
    tutor: object = None  # a classmate who mastered that skill


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
            Concern("struggling", worst.mastery, worst.skill_name, tutors.get(worst.skill_id))
        )
    if rushed_answers:
        found.append(Concern("rushing", rushed_answers))
    return found
