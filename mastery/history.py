"""Mastery over time, from daily snapshots (no ORM here).

A snapshot keeps the whole progress state at the end of a practice day, so mastery at any
past moment is exact: the latest snapshot before it, faded by the forgetting curve.
"""

from bisect import bisect_right
from collections.abc import Iterable
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

    def __init__(self, points: Iterable[Point]):
        self._by_skill: dict[int, list[Point]] = {}
        for point in sorted(points, key=lambda p: p.at):
            self._by_skill.setdefault(point.skill_id, []).append(point)

    def state_at(self, skill_id: int, when: datetime) -> rules.ProgressState | None:
        points = self._by_skill.get(skill_id, [])
        i = bisect_right([p.at for p in points], when)
        return points[i - 1].state if i else None

    def mastery_at(self, skill_id: int, when: datetime) -> int:
        state = self.state_at(skill_id, when)
        return state.mastery_at(when) if state else 0

    def demonstrated_at(self, skill_id: int, when: datetime) -> int:
        state = self.state_at(skill_id, when)
        return rules.mastery_percent(state.p_known) if state else 0

    def average_at(self, skill_ids: list[int], when: datetime) -> int:
        return rules.average(self.mastery_at(s, when) for s in skill_ids)

    def weekly(
        self, skill_ids: list[int], now: datetime, weeks: int = 8
    ) -> list[tuple[datetime, int]]:
        """Average mastery at the same moment of each of the last `weeks` weeks, oldest first."""
        moments = [now - timedelta(weeks=k) for k in range(weeks, -1, -1)]
        return [(m, self.average_at(skill_ids, m)) for m in moments]

    def newly_mastered(self, skill_ids: list[int], since: datetime, now: datetime) -> list[int]:
        threshold = rules.LEVEL_THRESHOLDS[0][1]
        return [
            s
            for s in skill_ids
            if self.demonstrated_at(s, now) >= threshold > self.demonstrated_at(s, since)
        ]
