"""What a parent's week shows: pure functions, no ORM.

A parent sees their child's growth against their own past, never against classmates: no
ranks, no class averages, no raw answers.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

WEEK = timedelta(days=7)
# Reflections shared with the family stay on the page this long (the week shows the newest).
SHARED_REFLECTIONS_SHOWN = 5


def week_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The seven days up to now: what "this week" means on the page and in the digest."""
    return now - WEEK, now


@dataclass(frozen=True)
class SkillWeek:
    """One skill practised in the week: its displayed mastery now and at the week's start."""

    skill_id: int
    percent: int
    level: str
    started_at: int
    mastered: bool
    was_mastered: bool

    @property
    def gained(self) -> int:
        return max(self.percent - self.started_at, 0)

    @property
    def grew(self) -> bool:
        return self.gained > 0 or (self.mastered and not self.was_mastered)

    @property
    def newly_mastered(self) -> bool:
        return self.mastered and not self.was_mastered


def split_skills(skills: list[SkillWeek]) -> tuple[list[SkillWeek], list[SkillWeek]]:
    """(grew this week, most growth first; practised without a visible change yet)."""
    grew = sorted((s for s in skills if s.grew), key=lambda s: (-s.gained, s.skill_id))
    kept = [s for s in skills if not s.grew]
    return grew, kept
