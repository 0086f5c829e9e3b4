"""Eight weeks of practice by fifty simulated pupils, without the ORM.

Each pupil follows a profile (improving, plateauing, struggling, or rushing), practises on some
afternoons and evenings, works through each subject's skill tree in order, and answers with a
probability that grows with practice. Progress is folded with `rules.apply_attempt` as each
answer is produced, with the evidence the live service would compute (the exercise's level,
earlier answers to the same item, spacing, hints), and the unlock decisions read that same
progress, so the history is consistent with what the app shows.

A template question is served as in practice: each serve draws a fresh variant
(`variants.draw`), the retries of that serve answer the same numbers, and a later serve draws
new ones, so a template is fresh evidence every time the pupil comes back to it.

History covers the 56 days before the anchor date: on the anchor day itself nothing has
happened yet, so a seed run in the morning never writes answers from the future.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from random import Random

from mastery import rules, variants
from mastery.replay import Dependent, Fold

SEED = "madrasti-growth-demo-v1"
HISTORY_DAYS = 56
MAX_ATTEMPTS_PER_QUESTION = 3
MAX_REDOS_PER_EXERCISE = 3
TIER_COST = 0.045
# A redo of a sheet goes better: the fixed questions are remembered, a template's new numbers
# only feel familiar.
REDO_BOOST = {False: 0.3, True: 0.15}


@dataclass(frozen=True)
class QuestionRef:
    id: int
    is_choice: bool
    correct_answer: str = ""  # a choice id, or the number as text with a decimal point
    wrong_answers: tuple[str, ...] = ()
    # A template: the question row, drawn with `variants.draw` at each serve.
    template: object | None = None


@dataclass(frozen=True)
class ExerciseRef:
    id: int
    band: int  # the difficulty rank: 0 beginner .. 3 expert
    questions: tuple[QuestionRef, ...]


@dataclass(frozen=True)
class SkillRef:
    id: int
    subject: str
    tier: int
    prerequisites: tuple[int, ...]
    required_mastery: int
    bkt: rules.BktParams
    exercises: tuple[ExerciseRef, ...]  # in sheet order


@dataclass(frozen=True)
class Profile:
    name: str
    start: tuple[float, float]  # latent success rate on a fresh skill
    ceiling: tuple[float, float]  # where practice takes it
    pace: tuple[float, float]  # first tries to get about two thirds of the way there
    drift: float  # extra success gained over the whole eight weeks
    activity: float  # chance of practising on an ordinary school day
    exercises_per_session: tuple[int, ...]
    retry: float  # chance of trying a question again after a wrong answer
    hint: float
    slowness: float


PROFILES = {
    profile.name: profile
    for profile in (
        Profile(
            "improving",
            start=(0.4, 0.52),
            ceiling=(0.85, 0.95),
            pace=(8, 14),
            drift=0.08,
            activity=0.7,
            exercises_per_session=(2, 3, 3, 4, 4),
            retry=0.65,
            hint=0.12,
            slowness=1.0,
        ),
        Profile(
            "plateauing",
            start=(0.45, 0.55),
            ceiling=(0.6, 0.7),
            pace=(3, 6),
            drift=0.0,
            activity=0.6,
            exercises_per_session=(2, 2, 3, 3),
            retry=0.45,
            hint=0.1,
            slowness=1.0,
        ),
        Profile(
            "struggling",
            start=(0.12, 0.22),
            ceiling=(0.3, 0.42),
            pace=(18, 30),
            drift=0.03,
            activity=0.55,
            exercises_per_session=(1, 2, 2, 3),
            retry=0.5,
            hint=0.3,
            slowness=1.35,
        ),
        # Clicks through fast and mostly wrong: latent skill never enters into it.
        Profile(
            "rushing",
            start=(0, 0),
            ceiling=(0, 0),
            pace=(1, 1),
            drift=0.0,
            activity=0.6,
            exercises_per_session=(3, 4, 5),
            retry=0.25,
            hint=0.0,
            slowness=0.1,
        ),
    )
}
# Half improve, almost a third plateau, a fifth struggle, and one pupil rushes.
PROFILE_MIX = ("improving",) * 25 + ("plateauing",) * 15 + ("struggling",) * 9 + ("rushing",)
# Three pupils stopped practising this many days before the anchor date.
QUIET_DAYS = (12, 15, 20)
SUBJECT_WEIGHTS = {"MATH101": 0.5, "PHYS101": 0.25, "BIOL101": 0.25}
# Chance of practising by weekday (Monday first): Friday afternoons are short, Saturday
# mornings may still have lessons, and Sunday is a family day.
WEEKDAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 0.8, 0.7, 0.35)


@dataclass(frozen=True)
class Learner:
    student_id: int
    number: int  # 1..50, the digits of the username
    profile: str
    quiet_days: int = 0  # days without practice before the anchor date; 0 = still active


@dataclass(frozen=True)
class SimAttempt:
    student_id: int
    question_id: int
    exercise_id: int
    skill_id: int
    answer: str
    variant: int
    correct: bool
    attempt_number: int
    time_spent_ms: int
    hint_used: bool
    answered_at: datetime


def assign_profiles(count: int) -> list[tuple[str, int]]:
    """(profile, quiet days) for pupils 1..count, the same for every seed run."""
    rng = Random(f"{SEED}:profiles")
    mix = list(PROFILE_MIX[:count]) + ["improving"] * max(0, count - len(PROFILE_MIX))
    rng.shuffle(mix)
    quiet = [0] * count
    candidates = [i for i, name in enumerate(mix) if name != "rushing"]
    for index, days in zip(rng.sample(candidates, len(QUIET_DAYS)), QUIET_DAYS, strict=True):
        quiet[index] = days
    return list(zip(mix, quiet, strict=True))


@dataclass
class _Pupil:
    learner: Learner
    profile: Profile
    rng: Random
    start: float
    ceiling: float
    pace: float
    comma: bool  # writes decimals with a comma, as in French and Arabic classrooms
    tz: tzinfo
    fold: Fold  # progress per skill, and per item (question, variant) what was answered
    dependents: dict[int, list[Dependent]]
    unlocked: dict[int, datetime] = field(default_factory=dict)
    # The state each skill ended each practice day with (local calendar days).
    snapshots: dict[tuple[int, date], rules.ProgressState] = field(default_factory=dict)
    first_tries: dict[int, int] = field(default_factory=dict)  # answered serves, per skill
    tries: dict[int, int] = field(default_factory=dict)  # per question, every variant
    done: dict[int, int] = field(default_factory=dict)  # times each exercise was worked
    misses: dict[int, int] = field(default_factory=dict)  # wrong first tries per exercise
    attempts: list[SimAttempt] = field(default_factory=list)


def _mastery(pupil: _Pupil, skill: SkillRef) -> int:
    state = pupil.fold.progress.get(skill.id)
    return rules.mastery_percent(state.p_known) if state else 0


def _unlocked(pupil: _Pupil, skill: SkillRef) -> bool:
    """Open once every prerequisite has reached its mastery, and open for good after that."""
    return not skill.prerequisites or skill.id in pupil.unlocked


def _needs_work(pupil: _Pupil, skill: SkillRef) -> bool:
    """Half the sheets at least, and on until mastered: what the teachers ask for."""
    worked = sum(1 for e in skill.exercises if e.id in pupil.done)
    return (
        worked < (len(skill.exercises) + 1) // 2
        or _mastery(pupil, skill) < rules.LEVEL_THRESHOLDS[0][1]
    )


def _next_exercise(
    pupil: _Pupil, skills: Sequence[SkillRef]
) -> tuple[SkillRef, ExerciseRef] | None:
    """The tree order a pupil follows: the first unlocked skill that still needs work, its next
    unworked sheet; once nothing new calls, a second go at the sheets that went worst."""
    open_skills = [s for s in skills if _unlocked(pupil, s)]
    fresh = [(s, e) for s in open_skills for e in s.exercises if e.id not in pupil.done]
    for skill, exercise in fresh:
        if _needs_work(pupil, skill):
            return skill, exercise
    if fresh and pupil.rng.random() < 0.5:
        return fresh[0]
    redo = [
        (pupil.misses.get(e.id, 0), -pupil.done[e.id], -s.tier, s, e)
        for s in open_skills
        for e in s.exercises
        if 0 < pupil.done.get(e.id, 0) <= MAX_REDOS_PER_EXERCISE
    ]
    if not redo:
        return fresh[0] if fresh else None
    best = max(redo, key=lambda row: row[:3])
    return best[3], best[4]


def _chance(
    pupil: _Pupil,
    skill: SkillRef,
    exercise: ExerciseRef,
    question: QuestionRef,
    number: int,
    hinted: bool,
    progress: float,
) -> float:
    """`number` counts the tries within one serve (1 = the first answer to what is shown)."""
    if pupil.profile.name == "rushing":
        # Clicking through: a blind guess on choices, next to nothing typed right.
        return 0.28 if question.is_choice else 0.05
    practice = pupil.first_tries.get(skill.id, 0)
    # Skills deep in the tree start harder and top out lower.
    tier_cost = TIER_COST * (skill.tier - 1)
    learned = 1 - math.exp(-practice / pupil.pace)
    p = pupil.start - tier_cost + (pupil.ceiling - pupil.start) * learned
    p += pupil.profile.drift * progress
    p += (0.06, -0.02, -0.1, -0.16)[exercise.band]
    if hinted:
        p += 0.12
    if question.is_choice:
        p += (1 - p) * 0.2
    if number == 2:
        p += (1 - p) * 0.35
    elif number > 2:
        # After two misses the worked answer was on screen.
        p = max(p, 0.85)
    return min(0.98, max(0.02, p))


def _seconds(
    pupil: _Pupil, exercise: ExerciseRef, question: QuestionRef, number: int, hinted: bool
) -> int:
    rng = pupil.rng
    if pupil.profile.name == "rushing":
        return rng.randint(2000, 4000)
    median = (28, 48, 80, 110)[exercise.band] * (1.3 if not question.is_choice else 1.0)
    median *= pupil.profile.slowness
    if number > 1:
        median *= 0.45
    if hinted:
        median += 12
    ms = int(median * 1000 * rng.lognormvariate(0, 0.45))
    return max(3000, min(rules.MAX_TIME_SPENT_MS, ms))


def _number_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def plausible_mistakes(answer: Decimal, tolerance: Decimal) -> tuple[str, ...]:
    """Wrong numbers a pupil types: a power of ten off, one off, half or double."""
    found: list[str] = []
    for value in (answer * 10, answer / 10, answer + 1, answer - 1, answer * 2, answer / 2):
        value = value.quantize(Decimal("0.0001")).normalize()
        text = _number_text(value)
        if abs(value - answer) > tolerance and text not in found:
            found.append(text)
    return tuple(found[:3]) or (_number_text(answer + 1 + tolerance * 10),)


@dataclass(frozen=True)
class _Serve:
    variant: int
    correct_answer: str
    wrong_answers: tuple[str, ...]


def _serve(pupil: _Pupil, question: QuestionRef) -> _Serve:
    """What the pupil is shown: a template draws fresh numbers at every serve."""
    if question.template is None:
        return _Serve(variants.FIXED, question.correct_answer, question.wrong_answers)
    seed = pupil.rng.randrange(1, variants.MAX_SEED)
    drawn = variants.draw(question.template, seed)
    tolerance = Decimal(question.template.tolerance)
    return _Serve(seed, _number_text(drawn.answer), plausible_mistakes(drawn.answer, tolerance))


def _answer(pupil: _Pupil, question: QuestionRef, serve: _Serve, correct: bool, given) -> str:
    # One draw whatever the answer: how many mistakes a variant allows must not change the
    # random stream (a variant's numbers depend on the question's id, which a rebuild changes).
    pick = pupil.rng.random()
    if correct:
        text = serve.correct_answer
    else:
        options = [a for a in serve.wrong_answers if a not in given] or list(serve.wrong_answers)
        text = options[int(pick * len(options))]
    given.append(text)
    if question.is_choice or not pupil.comma:
        return text
    return text.replace(".", ",")


def _record(pupil, skill, exercise, question, *, variant, answer, correct, spent, hinted, at):
    """What attempt_record stores for one answer: progress, the day's snapshot, unlocks, by
    the same fold as the live path and every rebuild (`mastery.replay.Fold`)."""
    number = pupil.tries.get(question.id, 0) + 1
    pupil.tries[question.id] = number
    step = pupil.fold.answer(
        skill_id=skill.id,
        question_id=question.id,
        variant=variant,
        level=exercise.band,
        correct=correct,
        hint_used=hinted,
        answered_at=at,
    )
    pupil.snapshots[(skill.id, step.at.astimezone(pupil.tz).date())] = step.after
    for opened in pupil.fold.unlocks(step, pupil.dependents[skill.id], already=pupil.unlocked):
        pupil.unlocked[opened] = step.at
    pupil.attempts.append(
        SimAttempt(
            pupil.learner.student_id,
            question.id,
            exercise.id,
            skill.id,
            answer,
            variant,
            correct,
            number,
            spent,
            hinted,
            at,
        )
    )


def _work_exercise(
    pupil: _Pupil, skill: SkillRef, exercise: ExerciseRef, clock: datetime, progress: float
) -> datetime:
    rng, profile = pupil.rng, pupil.profile
    redo = exercise.id in pupil.done
    for question in exercise.questions:
        clock += timedelta(seconds=rng.randint(3, 15))
        hinted = rng.random() < profile.hint * (1 + exercise.band * 0.5)
        serve = _serve(pupil, question)
        given: list[str] = []
        for number in range(1, MAX_ATTEMPTS_PER_QUESTION + 1):
            chance = _chance(pupil, skill, exercise, question, number, hinted, progress)
            if redo:
                chance += (1 - chance) * REDO_BOOST[question.template is not None]
            correct = rng.random() < chance
            spent = _seconds(pupil, exercise, question, number, hinted)
            clock += timedelta(milliseconds=spent)
            answer = _answer(pupil, question, serve, correct, given)
            _record(
                pupil,
                skill,
                exercise,
                question,
                variant=serve.variant,
                answer=answer,
                correct=correct,
                spent=spent,
                hinted=hinted,
                at=clock,
            )
            if number == 1:
                pupil.first_tries[skill.id] = pupil.first_tries.get(skill.id, 0) + 1
                if not correct:
                    pupil.misses[exercise.id] = pupil.misses.get(exercise.id, 0) + 1
            if correct or rng.random() > profile.retry:
                break
            clock += timedelta(seconds=rng.randint(2, 8))  # reading the feedback
            # Hints stay on for the rest of the question once opened, as on the server.
            hinted = hinted or rng.random() < profile.hint
    pupil.done[exercise.id] = pupil.done.get(exercise.id, 0) + 1
    return clock + timedelta(seconds=rng.randint(20, 120))


def _session_start(rng: Random, day: date, tz: tzinfo) -> datetime:
    weekday = day.weekday()
    if weekday < 5:
        window = (17 * 60, 21 * 60 + 30) if rng.random() < 0.85 else (14 * 60 + 30, 17 * 60)
    elif rng.random() < 0.35:
        window = (10 * 60, 12 * 60)
    else:
        window = (15 * 60, 21 * 60)
    minute = rng.randint(*window)
    local = datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59)), tz)
    # Arithmetic in UTC from here on, so a clock change never reorders a pupil's answers.
    return local.astimezone(UTC)


def _pick_subject(rng: Random, subjects: Sequence[str]) -> str:
    weights = [SUBJECT_WEIGHTS.get(code, 0.2) for code in subjects]
    return rng.choices(list(subjects), weights=weights)[0]


@dataclass
class History:
    attempts: list[SimAttempt] = field(default_factory=list)
    progress: dict[tuple[int, int], rules.ProgressState] = field(default_factory=dict)
    # (student, skill) -> when it unlocked; skills without prerequisites are always open.
    unlocks: dict[tuple[int, int], datetime] = field(default_factory=dict)
    snapshots: dict[tuple[int, int, date], rules.ProgressState] = field(default_factory=dict)


def simulate_pupil(
    learner: Learner, trees: dict[str, list[SkillRef]], anchor: date, tz: tzinfo
) -> _Pupil:
    profile = PROFILES[learner.profile]
    rng = Random(f"{SEED}:pupil:{learner.number}")
    skills = [s for tree in trees.values() for s in tree]
    pupil = _Pupil(
        learner,
        profile,
        rng,
        start=rng.uniform(*profile.start),
        ceiling=rng.uniform(*profile.ceiling),
        pace=rng.uniform(*profile.pace),
        comma=rng.random() < 0.4,
        tz=tz,
        fold=Fold({s.id: s.bkt for s in skills}, day_of=lambda at: at.astimezone(tz).date()),
        dependents={
            s.id: [
                Dependent(d.id, d.required_mastery, d.prerequisites)
                for d in skills
                if s.id in d.prerequisites
            ]
            for s in skills
        },
    )
    engagement = profile.activity * rng.uniform(0.8, 1.2)
    first_day = rng.randint(0, 3)
    last_day = HISTORY_DAYS - 1 - max(0, learner.quiet_days - 1)
    for offset in range(first_day, last_day + 1):
        day = anchor - timedelta(days=HISTORY_DAYS - offset)
        if rng.random() >= engagement * WEEKDAY_FACTOR[day.weekday()]:
            continue
        clock = _session_start(rng, day, tz)
        bedtime = datetime.combine(day, time(22), tz)
        for _session in range(1 + (rng.random() < 0.25)):
            open_subjects = [code for code in trees if _next_exercise(pupil, trees[code])]
            if not open_subjects:
                break
            code = _pick_subject(rng, open_subjects)
            for _ in range(rng.choice(profile.exercises_per_session)):
                picked = _next_exercise(pupil, trees[code])
                if picked is None:
                    break
                clock = _work_exercise(pupil, *picked, clock, offset / HISTORY_DAYS)
            clock += timedelta(minutes=rng.randint(60, 150))
            if clock >= bedtime:
                break
    return pupil


def simulate(
    learners: Sequence[Learner], trees: dict[str, list[SkillRef]], anchor: date, tz: tzinfo
) -> History:
    """Every pupil's answers in time order, with what the service would have kept of them."""
    history = History()
    for learner in learners:
        pupil = simulate_pupil(learner, trees, anchor, tz)
        student = learner.student_id
        history.attempts.extend(pupil.attempts)
        history.progress.update(((student, k), v) for k, v in pupil.fold.progress.items())
        history.unlocks.update(((student, k), v) for k, v in pupil.unlocked.items())
        history.snapshots.update(
            ((student, skill, day), v) for (skill, day), v in pupil.snapshots.items()
        )
    return history
