"""A year-scale class for the dashboard benchmarks: a bench class (bench/_world.py) whose
students answered for `weeks` weeks, a new skill every few weeks with reviews of earlier ones,
folded into progress, daily snapshots and unlocks by mastery_rebuild (as the live path would
have left them)."""

import random
from datetime import timedelta

from _world import build_world

PRACTICE_DAYS = 0.6  # share of days a student practises
ANSWERS_PER_DAY = 8
REVIEW = 0.2  # share of a day's answers on an earlier skill


def year_class(*, students: int = 30, weeks: int = 40, skills: int = 8, prefix: str = "y"):
    """(SchoolClass, teacher, students) of one class with `weeks` of history: one class per
    call (its own teacher and subject; `prefix` keeps usernames and subject codes apart)."""
    from django.db import connection
    from django.utils import timezone

    from mastery.models import Attempt, Question
    from mastery.rebuild import mastery_rebuild

    world = build_world(
        students=students,
        class_size=students,
        skills=skills,
        exercises_per_skill=2,
        questions_per_exercise=10,
        prefix=prefix,
        subject_code=f"BENCH-{prefix.upper()}",
    )
    questions = (
        Question.objects.filter(pk__in=[q.pk for q in world.questions])
        .select_related("exercise")
        .prefetch_related("choices")
    )
    by_skill: dict[int, list] = {}
    for q in questions:
        by_skill.setdefault(q.exercise.skill_id, []).append(q)
    skill_ids = sorted(by_skill)
    rng = random.Random(11)
    now = timezone.now()
    days = weeks * 7
    rows = []
    for student in world.students:
        ability = rng.uniform(0.45, 0.9)
        numbers: dict[int, int] = {}
        for day in range(days):
            if rng.random() > PRACTICE_DAYS:
                continue
            current = min(day * len(skill_ids) // days, len(skill_ids) - 1)
            start = now - timedelta(days=days - day, hours=rng.randint(0, 6))
            for k in range(ANSWERS_PER_DAY):
                pick = rng.randrange(current + 1) if rng.random() < REVIEW else current
                q = rng.choice(by_skill[skill_ids[pick]])
                numbers[q.pk] = numbers.get(q.pk, 0) + 1
                right = rng.random() < min(0.95, ability + 0.02 * numbers[q.pk])
                rows.append(
                    Attempt(
                        student=student,
                        question=q,
                        exercise=q.exercise,
                        skill_id=q.exercise.skill_id,
                        answer=_answer(q, right),
                        correct=right,
                        attempt_number=numbers[q.pk],
                        time_spent_ms=rng.randint(6000, 60000),
                        hint_used=rng.random() < 0.1,
                        source=Attempt.Source.HOST,
                        answered_at=start + timedelta(minutes=2 * k),
                    )
                )
    Attempt.objects.bulk_create(rows, batch_size=5000)
    mastery_rebuild(student_ids=[s.pk for s in world.students])
    with connection.cursor() as cursor:
        # What autovacuum has long done to a year of rows (statistics, and the visibility
        # map index-only scans rely on), done now to rows written a moment ago.
        cursor.execute("VACUUM ANALYZE")
    return world.classes[0]


def _answer(question, right: bool) -> str:
    from mastery.models import Question

    if question.kind == Question.Kind.NUMERIC:
        value = question.numeric_answer + (0 if right else 1)
        return f"{value.normalize():f}"
    choices = list(question.choices.all())
    return str(next(c.pk for c in choices if c.is_correct == right))
