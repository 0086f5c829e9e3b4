"""Bookkeeping that follows each attempt, inside attempt_record's transaction: the exercise
run it belongs to, the daily mastery snapshot, and skills it unlocks."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User

from . import rules
from .models import (
    Attempt,
    Exercise,
    ExerciseRun,
    MasterySnapshot,
    Skill,
    SkillProgress,
    SkillUnlock,
)

# A pass left unfinished this long is abandoned; the next visit starts a fresh one.
RUN_IDLE_LIMIT = timedelta(hours=3)


def open_run(*, student: User, exercise: Exercise, now: datetime, lock: bool = False):
    runs = ExerciseRun.objects.filter(
        student=student, exercise=exercise, finished_at=None, started_at__gte=now - RUN_IDLE_LIMIT
    ).order_by("-started_at")
    if lock:
        runs = runs.select_for_update()
    return runs.first()


def run_start(*, student: User, exercise: Exercise, now: datetime) -> ExerciseRun:
    return open_run(student=student, exercise=exercise, now=now) or ExerciseRun.objects.create(
        student=student,
        exercise=exercise,
        started_at=now,
        questions_total=exercise.questions.count(),
    )


@dataclass(frozen=True)
class RunStep:
    run: ExerciseRun
    tries: int  # tries at this question within the pass, this one included
    finished_now: bool


def run_record(*, attempt: Attempt, now: datetime) -> RunStep:
    """Count the attempt in its pass; the pass ends when every question has an answer.

    Another try at a question of a pass that just ended (the "try again" after the last
    question) still belongs to that pass: it changes neither its score nor its end."""
    student, exercise = attempt.student, attempt.exercise
    run = open_run(student=student, exercise=exercise, now=now, lock=True)
    if run is None:
        recent = (
            ExerciseRun.objects.select_for_update()
            .filter(student=student, exercise=exercise, finished_at__gte=now - RUN_IDLE_LIMIT)
            .order_by("-started_at")
            .first()
        )
        if recent and Attempt.objects.filter(run=recent, question_id=attempt.question_id).exists():
            run = recent
        else:
            run = run_start(student=student, exercise=exercise, now=now)
    earlier = Attempt.objects.filter(run=run, question_id=attempt.question_id).count()
    if not earlier:
        run.questions_answered += 1
        run.first_try_correct += int(attempt.correct)
    run.time_spent_ms += attempt.time_spent_ms
    finished_now = run.finished_at is None and run.questions_answered >= run.questions_total
    if finished_now:
        run.finished_at = now
        run.score = rules.run_score(run.first_try_correct, run.questions_total)
    run.save()
    return RunStep(run, earlier + 1, finished_now)


def snapshot_row(
    *, progress: SkillProgress, at: datetime, practiced_before: datetime | None
) -> MasterySnapshot:
    """Today's snapshot of the progress row (upserted: the day's last state wins; the gap
    since the previous practice day, `practiced_before`, counts only when the row is new)."""
    day = timezone.localdate(at)
    return MasterySnapshot(
        student_id=progress.student_id,
        skill_id=progress.skill_id,
        day=day,
        gap_days=((day - timezone.localdate(practiced_before)).days if practiced_before else None),
        p_known=progress.p_known,
        half_life_days=progress.half_life_days,
        last_practiced_at=progress.last_practiced_at,
        attempts=progress.attempts,
        sessions=progress.sessions,
        level_correct=list(progress.level_correct),
    )


def unlocks_after(
    *,
    student: User,
    skill: Skill,
    mastery_before: int,
    mastery_after: int,
    at: datetime,
    dependents: tuple[tuple[int, int], ...] | None = None,
) -> list[Skill]:
    """Skills this attempt opened: dependents whose every prerequisite now reaches the
    required mastery. Only looked for when the mastery crossed a threshold upwards.
    `dependents`: the (id, required mastery) pairs of the skill's dependents, when the
    caller has them (mastery.content), so most attempts read nothing here."""
    if dependents is None:
        dependents = tuple(skill.unlocks.values_list("pk", "required_mastery"))
    crossing_ids = [
        pk for pk, required in dependents if rules.crosses(mastery_before, mastery_after, required)
    ]
    if not crossing_ids:
        return []
    crossing = list(Skill.objects.filter(pk__in=crossing_ids).prefetch_related("prerequisites"))
    already = set(
        SkillUnlock.objects.filter(student=student, skill__in=crossing).values_list(
            "skill_id", flat=True
        )
    )
    candidates = [d for d in crossing if d.pk not in already]
    prereq_ids = {p.pk for d in candidates for p in d.prerequisites.all()}
    mastery = {
        row.skill_id: row.mastery
        for row in SkillProgress.objects.filter(student=student, skill_id__in=prereq_ids)
    }
    opened = [
        d
        for d in candidates
        if rules.is_unlocked(
            (mastery.get(p.pk, 0) for p in d.prerequisites.all()), d.required_mastery
        )
    ]
    SkillUnlock.objects.bulk_create(
        [SkillUnlock(student=student, skill=d, unlocked_at=at) for d in opened],
        ignore_conflicts=True,
    )
    return opened
