"""Bookkeeping that follows each attempt, inside attempt_record's transaction: the exercise
run it belongs to, the daily mastery snapshot, and skills it unlocks."""

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


def run_record(*, attempt: Attempt, now: datetime) -> ExerciseRun:
    """Count the attempt in its pass; the pass ends when every question has an answer."""
    run = open_run(student=attempt.student, exercise=attempt.exercise, now=now, lock=True)
    if run is None:
        run = run_start(student=attempt.student, exercise=attempt.exercise, now=now)
    first_in_run = not Attempt.objects.filter(run=run, question_id=attempt.question_id).exists()
    if first_in_run:
        run.questions_answered += 1
        run.first_try_correct += int(attempt.correct)
    run.time_spent_ms += attempt.time_spent_ms
    if run.questions_answered >= run.questions_total:
        run.finished_at = now
        run.score = rules.run_score(run.first_try_correct, run.questions_total)
    run.save()
    return run


def snapshot_save(*, progress: SkillProgress, at: datetime) -> None:
    """Upsert today's snapshot in one statement."""
    MasterySnapshot.objects.bulk_create(
        [
            MasterySnapshot(
                student_id=progress.student_id,
                skill_id=progress.skill_id,
                day=timezone.localdate(at),
                p_known=progress.p_known,
                half_life_days=progress.half_life_days,
                last_practiced_at=progress.last_practiced_at,
                attempts=progress.attempts,
            )
        ],
        update_conflicts=True,
        unique_fields=["student", "skill", "day"],
        update_fields=["p_known", "half_life_days", "last_practiced_at", "attempts"],
    )


def unlocks_after(
    *, student: User, skill: Skill, mastery_before: int, mastery_after: int, at: datetime
) -> list[Skill]:
    """Skills this attempt opened: dependents whose every prerequisite now reaches the
    required mastery. Only looked for when the mastery crossed a threshold upwards."""
    dependents = list(skill.unlocks.prefetch_related("prerequisites"))
    crossing = [d for d in dependents if mastery_before < d.required_mastery <= mastery_after]
    if not crossing:
        return []
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
