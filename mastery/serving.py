"""Which question a student practising a skill meets next: pure, no ORM.

A skill never runs out. Its items are served in this order:

1. unseen fixed questions, those that fit the student's displayed mastery first (`fit_level`:
   the lowest difficulty still worth their time, then the next one up), then the easier
   ones they skipped, then the harder ones;
2. template questions not answered in the last day: each serve is a fresh variant, so they
   are always new evidence (exposures 0), fitting levels first, least recently answered
   first;
3. spaced repeats: fixed questions last answered a day or more ago, the longest ago first
   (in whole days), and among those answered as many days ago the weakest (lowest share of
   right answers) first;
4. template questions answered in the last day (still fresh variants), least recent first;
5. immediate repeats: fixed questions answered in the last day, least recently answered
   first, so the question just answered comes last.

`plan` runs this forward: it serves the head, supposes it answered right now, and orders
again, so a skill with a single question still yields `limit` items, each with the
`rules.Evidence` it would carry.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from . import rules

_MOMENT = timedelta(microseconds=1)


@dataclass(frozen=True)
class Item:
    """One question of the skill and the student's record on it."""

    question_id: int
    level: int  # rules.DIFFICULTY_RANK of its exercise
    is_template: bool = False
    answers: int = 0  # the student's earlier answers to it (every variant)
    correct: int = 0
    last_answered: datetime | None = None
    order: tuple = ()  # the bank's own order (exercise, position): the last tie-break

    @property
    def share_right(self) -> float:
        return self.correct / self.answers if self.answers else 0.0

    def spaced(self, now: datetime) -> bool:
        return (
            self.last_answered is not None
            and rules.days_between(self.last_answered, now) >= rules.SPACED_REVIEW_MIN_DAYS
        )

    def evidence(self, now: datetime) -> rules.Evidence:
        """What answering it now would tell: a template's fresh variant is a new item."""
        if self.is_template:
            return rules.Evidence(level=self.level)
        return rules.Evidence(level=self.level, exposures=self.answers, spaced=self.spaced(now))


def fit_level(percent: int, top_level: int = rules.LEVEL_COUNT - 1) -> int:
    """The lowest difficulty that still fits a displayed mastery: beginner questions below
    "developing", intermediate while developing, advanced when proficient, expert beyond;
    never above the hardest level the skill has."""
    level = sum(1 for _name, threshold in reversed(rules.LEVEL_THRESHOLDS) if percent >= threshold)
    return max(0, min(level, top_level))


def _fit(item: Item, fit: int) -> tuple:
    """Fitting levels (fit and the one above) first, easier ones next (closest first), then
    harder ones (closest first)."""
    if fit <= item.level <= fit + 1:
        return (0, item.level)
    if item.level < fit:
        return (1, -item.level)
    return (2, item.level)


def _age(item: Item) -> tuple:
    """Least recently answered first (never answered before all)."""
    if item.last_answered is None:
        return (0, 0.0)
    return (1, item.last_answered.timestamp())


def _group(item: Item, now: datetime) -> int:
    recent = item.last_answered is not None and not item.spaced(now)
    if item.is_template:
        return 3 if recent else 1
    if not item.answers:
        return 0
    return 4 if recent else 2


def sort_key(item: Item, *, now: datetime, fit: int) -> tuple:
    group = _group(item, now)
    if group == 0:
        return (group, *_fit(item, fit), item.order)
    if group == 1:
        return (group, *_fit(item, fit), _age(item), item.order)
    if group == 3:
        return (group, _age(item), item.order)
    last = item.last_answered.timestamp()
    if group == 2:
        days_ago = int(rules.days_between(item.last_answered, now))
        return (group, -days_ago, item.share_right, last, item.order)
    return (group, last, item.share_right, item.order)


def order(items: Iterable[Item], *, now: datetime, percent: int, top_level: int) -> list[Item]:
    """The skill's items in serving order (every item once)."""
    fit = fit_level(percent, top_level)
    return sorted(items, key=lambda item: sort_key(item, now=now, fit=fit))


def plan(
    items: Iterable[Item], *, now: datetime, percent: int, top_level: int, limit: int
) -> list[tuple[Item, rules.Evidence]]:
    """The next `limit` items a student would be served if they answered each right now,
    each with its evidence. Empty only when the skill has no question."""
    pool = {item.question_id: item for item in items}
    fit = fit_level(percent, top_level)
    served: list[tuple[Item, rules.Evidence]] = []
    while pool and len(served) < limit:
        head = min(pool.values(), key=lambda item: sort_key(item, now=now, fit=fit))
        served.append((head, head.evidence(now)))
        # Each supposed answer a moment after the one before, so "least recent" rotates.
        pool[head.question_id] = replace(
            head,
            answers=head.answers + 1,
            correct=head.correct + 1,
            last_answered=now + _MOMENT * len(served),
        )
    return served
