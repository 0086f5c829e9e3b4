"""A student's attempt log folded into mastery, one answer at a time (no ORM here).

attempt_record reads, for each answer, the student's earlier answers to the same item
(question and variant: how many, the last one when) and folds the answer with
`rules.fold_answer`. A replay keeps those counts in memory instead and folds the same facts
through the same function, so a rebuild writes what the live path wrote: growth's rebuild and
`mastery_rebuild` both use `Fold`.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from . import rules


@dataclass(frozen=True)
class Dependent:
    """A skill that opens when each of its prerequisites reaches `required` mastery."""

    skill_id: int
    required: int
    prerequisites: tuple[int, ...]


@dataclass
class Fold:
    """One student's progress per skill, folded from their answers in recorded order."""

    params: Mapping[int, rules.BktParams]  # per skill
    day_of: Callable[[datetime], date]  # a moment's local date
    progress: dict[int, rules.ProgressState] = field(default_factory=dict)
    # Per item (question, variant): earlier answers and the latest moment one was given.
    seen: dict[tuple[int, int], tuple[int, datetime]] = field(default_factory=dict)

    def answer(
        self,
        *,
        skill_id: int,
        question_id: int,
        variant: int,
        level: int,
        correct: bool,
        hint_used: bool,
        answered_at: datetime,
    ) -> rules.Step:
        params = self.params[skill_id]
        state = self.progress.get(skill_id) or rules.ProgressState(p_known=params.p_init)
        exposures, last_seen = self.seen.get((question_id, variant), (0, None))
        step = rules.fold_answer(
            state,
            correct=correct,
            level=level,
            exposures=exposures,
            last_seen=last_seen,
            answered_at=answered_at,
            hint_used=hint_used,
            params=params,
            day_of=self.day_of,
        )
        latest = answered_at if last_seen is None else max(last_seen, answered_at)
        self.seen[(question_id, variant)] = (exposures + 1, latest)
        self.progress[skill_id] = step.after
        return step

    def unlocks(
        self, step: rules.Step, dependents: Iterable[Dependent], *, already: set[int]
    ) -> list[int]:
        """The skills this answer opens, as tracking.unlocks_after decides live: dependents
        whose threshold the answer crossed upwards and whose every prerequisite now shows the
        required mastery (as of its last practice)."""
        opened = []
        for dependent in dependents:
            if dependent.skill_id in already or not rules.crosses(
                step.mastery_before, step.mastery_after, dependent.required
            ):
                continue
            if rules.is_unlocked(
                (self._demonstrated(p) for p in dependent.prerequisites), dependent.required
            ):
                opened.append(dependent.skill_id)
        return opened

    def _demonstrated(self, skill_id: int) -> int:
        state = self.progress.get(skill_id)
        return rules.mastery_percent(state.p_known) if state else 0
