"""Does "mastered" mean mastered? 1,000 simulated students with known knowledge answer a
skill's bank, and the model labels them; we count how often the label is right.

    .venv/bin/python bench/mastery_simulation.py [--students 1000] [--seed 2026]

The simulated world (fixed before the model's constants were looked at; see docs/mastery.md):

- Three groups of students, a third each, with their own BKT parameters drawn per student:
  fast (prior 0.15-0.35, learn 0.25-0.40 per answer), average (0.05-0.20, 0.10-0.20) and
  struggling (0-0.10, 0.03-0.08). The model knows none of this: it uses the skill's one
  default parameter set (rules.DEFAULT_BKT) for everybody.
- A bank of 12 items, 3 per level (beginner .. expert). Each item has its own guess chance
  (0.10-0.30) and slip chance (0.05-0.15, plus 0.03 per level: harder items trip knowers
  more often). The model knows neither.
- A student who does not know the skill answers a repeated item right from memory of its
  answer with probability 0.6 if they last saw it in the same sitting and 0.3 if a day or
  more ago, else guesses. Learning from a repeated item happens at half the learn rate.
- Each student practises in 6 sittings on different days, 1-4 days apart, 6 answers each
  (36 answers, about 25 seconds apart). Between sittings a student who knows the skill
  forgets it with probability 1 - retention, retention = 0.6 + 0.4 * 2^(-days / h), h drawn
  per student in 7-28 days and doubled after each sitting (the spacing effect). The model
  forgets along its own curve (floor 0.5, half-life 14 days).
- Serving: the next item is an unseen one at the level that fits the number shown
  (< 40 beginner, < 70 intermediate, < 85 advanced, then expert; the nearest level with
  unseen items if that one is used up). "Without repeats": every answer is a fresh item (a
  template's new variant). "With repeats": once the 12 items are used, the item answered
  longest ago comes back (wrong answers first among equals), as mastery/serving does.

Reported at the end of the last sitting: precision (the share of students labelled mastered
who know the skill), recall (the share of those who know it who are labelled mastered), and
the median number of answers until the label first appears, per group. Every right answer is
checked to raise the model's estimate and never lower the number shown.
"""

import argparse
import random
import statistics
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mastery import rules  # noqa: E402

# bench/_setup.GOAL_MISSED (not imported: the tests load this file on its own).
GOAL_MISSED = 3

GROUPS = {
    # name: (prior range, learn range)
    "fast": ((0.15, 0.35), (0.25, 0.40)),
    "average": ((0.05, 0.20), (0.10, 0.20)),
    "struggling": ((0.00, 0.10), (0.03, 0.08)),
}
LEVELS = 4
ITEMS_PER_LEVEL = 3
SITTINGS = 6
ANSWERS_PER_SITTING = 6
REMEMBER_SAME_SITTING = 0.6
REMEMBER_SPACED = 0.3
TRUE_RETENTION_FLOOR = 0.6
START = datetime(2026, 9, 7, 16, 0, tzinfo=UTC)
GOALS = {"precision": 0.95, "recall": 0.9}


@dataclass(frozen=True)
class Item:
    key: int
    level: int
    guess: float
    slip: float


@dataclass
class Student:
    group: str
    prior: float
    learn: float
    half_life: float
    knows: bool = False


@dataclass
class Outcome:
    group: str
    knows: bool
    labelled: bool
    answers_to_label: int | None
    knew_when_labelled: bool | None  # whether the student knew the skill when first labelled


@dataclass
class Report:
    scenario: str
    outcomes: list[Outcome] = field(default_factory=list)
    right_answers: int = 0
    broken_promises: int = 0  # right answers that lowered the estimate or the number shown

    @property
    def labelled(self) -> int:
        return sum(o.labelled for o in self.outcomes)

    @property
    def knowers(self) -> int:
        return sum(o.knows for o in self.outcomes)

    @property
    def precision(self) -> float:
        hits = sum(o.labelled and o.knows for o in self.outcomes)
        return hits / self.labelled if self.labelled else 1.0

    @property
    def recall(self) -> float:
        hits = sum(o.labelled and o.knows for o in self.outcomes)
        return hits / self.knowers if self.knowers else 1.0

    @property
    def first_label_precision(self) -> float:
        """The share of students who knew the skill at the moment they were first labelled
        mastered: where a label given too early (a lucky streak, one sitting) shows."""
        first = [o.knew_when_labelled for o in self.outcomes if o.answers_to_label is not None]
        return sum(first) / len(first) if first else 1.0

    def median_answers(self, group: str) -> tuple[float | None, int, int]:
        members = [o for o in self.outcomes if o.group == group]
        reached = [o.answers_to_label for o in members if o.answers_to_label is not None]
        return (statistics.median(reached) if reached else None), len(reached), len(members)


def make_bank(rng: random.Random) -> list[Item]:
    return [
        Item(
            key=level * ITEMS_PER_LEVEL + i,
            level=level,
            guess=rng.uniform(0.10, 0.30),
            slip=rng.uniform(0.05, 0.15) + 0.03 * level,
        )
        for level in range(LEVELS)
        for i in range(ITEMS_PER_LEVEL)
    ]


def fitting_level(shown: int) -> int:
    if shown < 40:
        return 0
    if shown < 70:
        return 1
    return 2 if shown < 85 else 3


def day_of(moment: datetime) -> date:
    return moment.date()


@dataclass(frozen=True)
class World:
    """What the simulated students remember of an answer they saw before (not known to the
    model)."""

    remember_same_sitting: float = REMEMBER_SAME_SITTING
    remember_spaced: float = REMEMBER_SPACED


def run_student(
    rng: random.Random,
    group: str,
    bank: list[Item],
    *,
    repeats: bool,
    report: Report,
    world: World,
) -> Outcome:
    prior, learn = GROUPS[group]
    student = Student(group, rng.uniform(*prior), rng.uniform(*learn), half_life=rng.uniform(7, 28))
    student.knows = rng.random() < student.prior
    params = rules.DEFAULT_BKT
    state = rules.ProgressState(p_known=params.p_init)
    seen: dict[int, tuple[int, datetime, bool]] = {}  # item -> exposures, last seen, last right
    fresh_key = len(bank)
    at = START
    answers, answers_to_label, knew_when_labelled = 0, None, None
    for sitting in range(SITTINGS):
        if sitting:
            gap = rng.randint(1, 4)
            at = START + timedelta(days=(at - START).days + gap, minutes=rng.uniform(0, 120))
            kept = TRUE_RETENTION_FLOOR + (1 - TRUE_RETENTION_FLOOR) * 2 ** (
                -gap / student.half_life
            )
            student.knows = student.knows and rng.random() < kept
            student.half_life *= 2
        for _ in range(ANSWERS_PER_SITTING):
            at += timedelta(seconds=rng.uniform(15, 40))
            shown_before = rules.displayed(state, now=at).percent if state.attempts else 0
            level = fitting_level(shown_before)
            unseen = [item for item in bank if item.key not in seen]
            if unseen or not repeats:
                pool = unseen or bank
                nearest = min(abs(item.level - level) for item in pool)
                item = rng.choice([i for i in pool if abs(i.level - level) == nearest])
                if not unseen:  # a fresh variant of a template at this level
                    item = Item(fresh_key, item.level, item.guess, item.slip)
                    fresh_key += 1
            else:
                item = bank[
                    min(
                        range(len(bank)),
                        key=lambda k: (seen[bank[k].key][1], seen[bank[k].key][2]),
                    )
                ]
            exposures, last_seen, _ = seen.get(item.key, (0, None, False))
            correct = answer(rng, student, item, exposures, last_seen, at, world)
            seen[item.key] = (exposures + 1, at, correct)
            step = rules.fold_answer(
                state,
                correct=correct,
                level=item.level,
                exposures=exposures,
                last_seen=last_seen,
                answered_at=at,
                hint_used=False,
                params=params,
                day_of=day_of,
            )
            if correct:
                report.right_answers += 1
                shown_after = rules.displayed(step.after, now=at).percent
                if step.after.p_known <= state.p_at(at) or shown_after < shown_before:
                    report.broken_promises += 1
            state = step.after
            answers += 1
            learn_now = student.learn * (0.5 if exposures else 1.0)
            student.knows = student.knows or rng.random() < learn_now
            if answers_to_label is None and rules.displayed(state, now=at).mastered:
                answers_to_label, knew_when_labelled = answers, student.knows
    labelled = rules.displayed(state, now=at).mastered
    return Outcome(group, student.knows, labelled, answers_to_label, knew_when_labelled)


def answer(
    rng: random.Random,
    student: Student,
    item: Item,
    exposures: int,
    last_seen: datetime | None,
    at: datetime,
    world: World,
) -> bool:
    if student.knows:
        return rng.random() >= item.slip
    if exposures:
        same_sitting = rules.days_between(last_seen, at) < rules.SPACED_REVIEW_MIN_DAYS
        remember = world.remember_same_sitting if same_sitting else world.remember_spaced
        if rng.random() < remember:
            return True
    return rng.random() < item.guess


def simulate(
    students: int, seed: int, *, repeats: bool, world: World = World(), name: str = ""
) -> Report:
    rng = random.Random(seed)
    bank = make_bank(rng)
    report = Report(name or ("12 items, repeated" if repeats else "every item fresh"))
    groups = list(GROUPS)
    for i in range(students):
        group = groups[i % len(groups)]
        report.outcomes.append(
            run_student(rng, group, bank, repeats=repeats, report=report, world=world)
        )
    return report


# Stress: students who remember answers far better than the model assumes (it assumes half
# within a sitting, 30% a day later). Reported, not a goal: how the label degrades when the
# model's memory assumption is wrong.
SHARP_MEMORY = World(remember_same_sitting=0.8, remember_spaced=0.5)


def scenarios(students: int, seed: int) -> list[Report]:
    return [
        simulate(students, seed, repeats=False),
        simulate(students, seed, repeats=True),
        simulate(
            students,
            seed,
            repeats=True,
            world=SHARP_MEMORY,
            name="12 items, repeated; students remember 80% / 50% (stress)",
        ),
    ]


def table(reports: list[Report]) -> str:
    lines = [
        "| bank | students | truly know | labelled mastered | precision | recall "
        "| precision when first labelled "
        "| median answers to mastered: fast | average | struggling "
        "| right answers that lowered anything |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        medians = []
        for group in GROUPS:
            median, reached, members = r.median_answers(group)
            text = "-" if median is None else f"{median:g}"
            medians.append(f"{text} ({reached}/{members})")
        lines.append(
            f"| {r.scenario} | {len(r.outcomes)} | {r.knowers} | {r.labelled} "
            f"| {r.precision:.3f} | {r.recall:.3f} | {r.first_label_precision:.3f} "
            f"| {' | '.join(medians)} "
            f"| {r.broken_promises} of {r.right_answers} |"
        )
    return "\n".join(lines)


def ablation(students: int, seed: int) -> str:
    """The same students with the "mastered" gates varied: what each gate buys."""
    saved = rules.MASTERY_SESSIONS, rules.MASTERY_HARD_CORRECT
    lines = [
        "| days | harder right answers | bank | precision | recall "
        "| precision when first labelled | median answers: fast | average | struggling |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    try:
        for sessions, hard in ((1, 0), (2, 0), (1, 2), (2, 2), (2, 3), (3, 2)):
            rules.MASTERY_SESSIONS, rules.MASTERY_HARD_CORRECT = sessions, hard
            for r in scenarios(students, seed)[:2]:
                medians = " | ".join(
                    "-" if m is None else f"{m:g}" for m in (r.median_answers(g)[0] for g in GROUPS)
                )
                lines.append(
                    f"| {sessions} | {hard} | {r.scenario} | {r.precision:.3f} "
                    f"| {r.recall:.3f} | {r.first_label_precision:.3f} | {medians} |"
                )
    finally:
        rules.MASTERY_SESSIONS, rules.MASTERY_HARD_CORRECT = saved
    return "\n".join(lines)


def goals_missed(reports: list[Report]) -> list[str]:
    """The goals hold for the two banks (the stress row is reported, not judged)."""
    missed = [
        f"{r.scenario}: {name} {getattr(r, name):.3f} < {goal}"
        for r in reports[:2]
        for name, goal in GOALS.items()
        if getattr(r, name) < goal
    ]
    return missed + [
        f"{r.scenario}: {r.broken_promises} right answers lowered the estimate or the number"
        for r in reports
        if r.broken_promises
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--ablation", action="store_true", help="vary the mastered gates")
    args = parser.parse_args()
    if args.ablation:
        print(ablation(args.students, args.seed))
        return
    reports = scenarios(args.students, args.seed)
    print(
        f"{args.students} simulated students per bank, seed {args.seed}, "
        f"{SITTINGS} sittings x {ANSWERS_PER_SITTING} answers; goals: precision >= "
        f"{GOALS['precision']}, recall >= {GOALS['recall']}\n"
    )
    print(table(reports))
    missed = goals_missed(reports)
    if missed:
        print("\nGoals missed: " + "; ".join(missed))
        raise SystemExit(GOAL_MISSED)


if __name__ == "__main__":
    main()
