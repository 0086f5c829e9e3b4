"""Per-attempt cost of recording an answer, with 100 and with 100,000 prior attempts.

Recording must stay incremental: its cost may not grow with a student's history. Two new,
identical students of one class practise the same questions side by side in one run; one
has 100 prior attempts, the other 100,000 (spread over every question of a 400-question
subject and 8 weeks, folded into progress, snapshots and unlocks by mastery_rebuild).
Reported: time per attempt_record call (p50/p95/mean) and queries per call, and the ratio
large/small. A fresh database of its own; no demo data.

    .venv/bin/python bench/attempt_cost.py [--calls 300]
"""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal

from _setup import GOAL_MISSED, Run, django_setup, percentile

# Issue 9: recording an answer may not cost more with a long history (the statements behind
# it are checked on every test run by tests/mastery/test_attempt_cost.py).
GOAL_RATIO = 1.2
SKILLS, EXERCISES_PER_SKILL, QUESTIONS_PER_EXERCISE = 10, 4, 10
DIFFICULTIES = ("beginner", "intermediate", "advanced", "expert")


def build_subject():
    """A school, a class taught the subject with two new students, and 400 questions."""
    from accounts.models import User
    from mastery.models import Choice, Exercise, Question, Skill
    from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

    school = School.objects.create(name="Bench school")
    subject = Subject.objects.create(code="BENCH", name="Bench mathematics")
    klass = SchoolClass.objects.create(school=school, name="TC-1", grade="TC")
    teacher = User.objects.create(username="teacher", role=User.Role.TEACHER)
    TeachingAssignment.objects.create(teacher=teacher, school_class=klass, subject=subject)
    students = []
    for name in ("small", "large"):
        student = User.objects.create(username=name, role=User.Role.STUDENT)
        Enrollment.objects.create(student=student, school_class=klass)
        students.append(student)
    previous = None
    questions = []
    for s in range(SKILLS):
        skill = Skill.objects.create(subject=subject, code=f"s{s}", name=f"Skill {s}", position=s)
        if previous:
            skill.prerequisites.add(previous)
        previous = skill
        for e in range(EXERCISES_PER_SKILL):
            exercise = Exercise.objects.create(
                skill=skill, title=f"Exercise {s}.{e}", difficulty=DIFFICULTIES[e], position=e
            )
            for q in range(QUESTIONS_PER_EXERCISE):
                if q % 2:
                    question = Question.objects.create(
                        exercise=exercise,
                        kind=Question.Kind.NUMERIC,
                        prompt=f"{q} + {e} = ?",
                        numeric_answer=Decimal(q + e),
                        position=q,
                    )
                else:
                    question = Question.objects.create(
                        exercise=exercise, prompt=f"Pick {q}", position=q
                    )
                    Choice.objects.bulk_create(
                        Choice(question=question, text=str(c), is_correct=c == q, position=c)
                        for c in (q, q + 1, q + 2)
                    )
                questions.append(question)
    return students, questions


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--prior", type=int, default=100_000, help="the large history")
    args = parser.parse_args()
    django_setup()

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from mastery import services
    from mastery.models import Attempt, Question
    from mastery.rebuild import mastery_rebuild

    (small, large), questions = build_subject()
    questions = list(
        Question.objects.filter(pk__in=[q.pk for q in questions])
        .select_related("exercise__skill")
        .prefetch_related("choices")
    )
    rng = random.Random(7)
    now = timezone.now()
    for student, target in ((small, 100), (large, args.prior)):
        rows = []
        counters: dict[int, int] = {}
        for i in range(target):
            q = questions[i % len(questions)]
            counters[q.pk] = counters.get(q.pk, 0) + 1
            rows.append(
                Attempt(
                    student=student,
                    question=q,
                    exercise=q.exercise,
                    skill=q.exercise.skill,
                    answer="1",
                    correct=rng.random() < 0.7,
                    attempt_number=counters[q.pk],
                    time_spent_ms=20_000,
                    source=Attempt.Source.HOST,
                    answered_at=now - timedelta(weeks=8) * (target - i) / target,
                )
            )
        Attempt.objects.bulk_create(rows, batch_size=5000)
    rebuilt = mastery_rebuild(student_ids=[small.pk, large.pk])
    print(rebuilt.line())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def answer_for(q, right: bool) -> str:
        if q.kind == Question.Kind.NUMERIC:
            return str(q.numeric_answer + (0 if right else 1))
        return str(next(c.pk for c in q.choices.all() if c.is_correct == right))

    run = Run("attempt_cost")
    big = str(args.prior)
    results: dict[str, list[float]] = {"100": [], big: []}
    queries: dict[str, list[int]] = {"100": [], big: []}
    for i in range(args.calls):
        q = questions[rng.randrange(len(questions))]
        answer = answer_for(q, rng.random() < 0.7)
        # Interleave the two students so machine noise hits both alike.
        for label, student in (("100", small), (big, large)):
            services.question_serve(student=student, question=q)
            # The query log keeps 9,000 entries: past that a capture would count nothing.
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                services.attempt_record(student=student, question=q, answer=answer)
                results[label].append((time.perf_counter() - start) * 1000)
            queries[label].append(len(ctx.captured_queries))
        if i == 0:
            for label in results:  # the first call warms caches
                results[label].clear()
                queries[label].clear()

    print(run.context())
    print(f"attempt_record, {args.calls - 1} calls each, PostgreSQL, interleaved")
    print("| prior attempts | p50 ms | p95 ms | mean ms | queries/call |")
    print("|---|---|---|---|---|")
    for label, values in results.items():
        print(
            f"| {int(label):,} | {percentile(values, 0.5):.2f} | {percentile(values, 0.95):.2f} "
            f"| {statistics.mean(values):.2f} | {statistics.mean(queries[label]):.1f} |"
        )
    ratio = percentile(results[big], 0.5) / percentile(results["100"], 0.5)
    met = ratio <= GOAL_RATIO
    print(
        f"ratio p50 ({args.prior:,} / 100): {ratio:.2f} "
        f"(goal <= {GOAL_RATIO}: {'met' if met else 'NOT MET'})"
    )
    return 0 if met else GOAL_MISSED


if __name__ == "__main__":
    sys.exit(main())
