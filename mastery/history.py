"""Mastery over time, from daily snapshots (no ORM here).

A snapshot keeps the whole progress state at the end of a practice day, so mastery at any
past moment is exact: the latest snapshot before it, faded by the forgetting curve. Every
number here is the one a person saw at that moment (`rules.displayed`), so a chart's last
point is the dashboard's number.
"""

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import rules


@dataclass(frozen=True)
class Point:
    skill_id: int
    at: datetime  # the state's last practice
    state: rules.ProgressState


class Timeline:
    """Every skill's snapshot states for one student, queryable at any moment."""

    def __init__(self, points: Iterable[Point], top_levels: Mapping[int, int] | None = None):
        """`top_levels`: each skill's hardest level (Skill.top_level), which "mastered"
        asks for; a skill missing from it asks for the hardest level there is."""
        self._top = top_levels or {}
        self._by_skill: dict[int, list[Point]] = {}
        for point in sorted(points, key=lambda p: p.at):
            self._by_skill.setdefault(point.skill_id, []).append(point)

    def state_at(self, skill_id: int, when: datetime) -> rules.ProgressState | None:
        points = self._by_skill.get(skill_id, [])
        i = bisect_right([p.at for p in points], when)
        return points[i - 1].state if i else None

    def _top_level(self, skill_id: int) -> int:
        return self._top.get(skill_id, rules.LEVEL_COUNT - 1)

    def displayed_at(self, skill_id: int, when: datetime) -> rules.Displayed:
        state = self.state_at(skill_id, when)
        return rules.displayed(state, now=when, top_level=self._top_level(skill_id))

    def mastery_at(self, skill_id: int, when: datetime) -> int:
        return self.displayed_at(skill_id, when).percent

    def demonstrated(self, skill_id: int, when: datetime) -> rules.Displayed:
        """What the student showed at their last practice before `when` (no forgetting)."""
        state = self.state_at(skill_id, when)
        if state is None:
            return rules.NOT_STARTED
        at = state.last_practiced_at or when
        return rules.displayed(state, now=at, top_level=self._top_level(skill_id))

    def demonstrated_at(self, skill_id: int, when: datetime) -> int:
        return self.demonstrated(skill_id, when).percent

    def average_at(self, skill_ids: list[int], when: datetime) -> int:
        return rules.average(self.mastery_at(s, when) for s in skill_ids)

    def weekly(
        self, skill_ids: list[int], now: datetime, weeks: int = 8
    ) -> list[tuple[datetime, int]]:
        """Average mastery at the same moment of each of the last `weeks` weeks, oldest first."""
        moments = [now - timedelta(weeks=k) for k in range(weeks, -1, -1)]
        return [(m, self.average_at(skill_ids, m)) for m in moments]

    def newly_mastered(self, skill_ids: list[int], since: datetime, now: datetime) -> list[int]:
        """Skills shown as mastered at the last practice before `now`, not before `since`."""
        return [
            s
            for s in skill_ids
            if self.demonstrated(s, now).mastered and not self.demonstrated(s, since).mastered
        ]
