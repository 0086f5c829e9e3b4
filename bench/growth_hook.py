"""Growth's share of recording an answer, with 100 and with 100,000 prior attempts; and the
bulk rebuild on the demo school.

The growth follow-up (growth.services.growth_after_attempt) runs from every attempt's
follow-up task, after the answer's commit (drained here in process, as the worker would).
Its cost must not grow with a student's history. Two students answer the same questions side by
side; one has 100 prior attempts, the other 100,000, both folded into their growth state by
the rebuild first. Reported: the hook's own time (p50/p95/mean) and queries per call, with
the whole attempt_record call beside it.

    .venv/bin/python bench/growth_hook.py [--calls 300]

Uses its own database (BENCH_DATABASE_URL, default madrasti_bench_growth), dropped first.
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/madrasti_bench_growth"
)

from _setup import django_setup, percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    django_setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from growth import services as growth_services
    from jobs.testing import drain
    from mastery import services
    from mastery.models import Attempt, Question
    from schools.models import Enrollment, SchoolClass

    call_command("seed_demo", verbosity=0)
    students = list(User.objects.filter(role=User.Role.STUDENT).values_list("pk", flat=True))
    started = time.perf_counter()
    summary = growth_services.growth_rebuild_for_students(student_ids=students)
    rebuild_s = time.perf_counter() - started

    # Two new classmates of a demo student, so their histories are only the ones made here
    # (a demo student's own attempts are referenced by the demo's challenges).
    school_class = SchoolClass.objects.get(enrollments__student__username="student01")
    small, large = (
        User.objects.create(username=name, role=User.Role.STUDENT, password="!")  # noqa: S106 (unusable)
        for name in ("bench_small", "bench_large")
    )
    for student in (small, large):
        Enrollment.objects.create(student=student, school_class=school_class)
    questions = list(
        Question.objects.filter(exercise__skill__subject__code="MATH101").select_related(
            "exercise__skill"
        )
    )
    rng = random.Random(7)
    now = timezone.now()
    for student, target in ((small, 100), (large, 100_000)):
        counters: dict[int, int] = {}
        rows = []
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
                    time_spent_ms=rng.randint(8_000, 60_000),
                    hint_used=rng.random() < 0.1,
                    source=Attempt.Source.DEMO,
                    answered_at=now - timedelta(minutes=(target - i) * 0.8),
                )
            )
        Attempt.objects.bulk_create(rows, batch_size=5000)
    started = time.perf_counter()
    big = growth_services.growth_rebuild_for_students(student_ids=[large.pk])
    big_s = time.perf_counter() - started
    growth_services.growth_rebuild_for_students(student_ids=[small.pk])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    hook = growth_services.growth_after_attempt
    measured: dict[str, list[tuple[float, int]]] = {}

    def timed_hook(*, event):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = hook(event=event)
            elapsed = (time.perf_counter() - start) * 1000
        measured["last"] = [(elapsed, len(ctx.captured_queries))]
        return result

    # growth.subscribers calls it through the module: the follow-up task runs the timed one.
    growth_services.growth_after_attempt = timed_hook
    settings.ATTEMPT_RECORDED_SUBSCRIBERS = ["growth.subscribers.on_attempt"]
    results = {"100": [], "100000": []}
    for i in range(args.calls):
        q = questions[rng.randrange(len(questions))]
        for label, student in (("100", small), ("100000", large)):
            answer = "7" if q.kind == "numeric" else str(q.choices.order_by("?").first().pk)
            start = time.perf_counter()
            # Shown first, as on the page: a templated question is graded against the
            # numbers it was shown with (answering one never shown is refused).
            services.question_serve(student=student, question=q)
            services.attempt_record(student=student, question=q, answer=answer)
            drain()  # its follow-up task, as the worker runs it after the commit
            whole = (time.perf_counter() - start) * 1000
            hook_ms, hook_queries = measured["last"][0]
            if i:  # the first call warms caches
                results[label].append((whole, hook_ms, hook_queries))

    print(f"growth follow-up of attempt_record, {args.calls - 1} calls each, PostgreSQL")
    print(
        "| prior attempts | hook p50 ms | hook p95 ms | hook mean ms | hook queries/call "
        "(mean, max) | attempt_record p50 ms |"
    )
    print("|---|---|---|---|---|---|")
    for label, rows in results.items():
        hook_ms = [r[1] for r in rows]
        hook_q = [r[2] for r in rows]
        whole = [r[0] for r in rows]
        print(
            f"| {int(label):,} | {percentile(hook_ms, 0.5):.2f} | {percentile(hook_ms, 0.95):.2f} "
            f"| {statistics.mean(hook_ms):.2f} | {statistics.mean(hook_q):.1f}, {max(hook_q)} "
            f"| {percentile(whole, 0.5):.2f} |"
        )
    ratio = percentile([r[1] for r in results["100000"]], 0.5) / percentile(
        [r[1] for r in results["100"]], 0.5
    )
    print(f"ratio hook p50 (100,000 / 100): {ratio:.2f}")
    print(
        f"rebuild, demo school: {summary.students} students, {summary.attempts:,} attempts "
        f"in {rebuild_s:.2f} s; one student with {big.attempts:,} attempts in {big_s:.2f} s"
    )


if __name__ == "__main__":
    main()
