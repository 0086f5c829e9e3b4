"""Per-attempt cost of recording an answer, with 100 and with 100,000 prior attempts.

Recording must stay incremental: its cost may not grow with a student's history. Two students
practise the same questions side by side in one run; one has 100 prior attempts, the other
100,000 (spread over every skill and 8 weeks). Reported: time per attempt_record call
(p50/p95/mean) and queries per call, and the ratio large/small.

    .venv/bin/python bench/attempt_cost.py [--calls 300]
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from _setup import django_setup, percentile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    django_setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from mastery import services
    from mastery.models import Attempt, Question

    call_command("seed_demo", verbosity=0)
    small, large = User.objects.get(username="student01"), User.objects.get(username="student02")
    questions = list(
        Question.objects.filter(exercise__skill__subject__code="MATH101").select_related(
            "exercise__skill"
        )
    )
    rng = random.Random(7)
    now = timezone.now()
    for student, target in ((small, 100), (large, 100_000)):
        Attempt.objects.filter(student=student).delete()
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
                    source=Attempt.Source.DEMO,
                    answered_at=now - timedelta(minutes=(target - i) * 0.8),
                )
            )
        Attempt.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    results: dict[str, list[float]] = {"100": [], "100000": []}
    queries: dict[str, list[int]] = {"100": [], "100000": []}
    for i in range(args.calls):
        q = questions[rng.randrange(len(questions))]
        answer = "1" if q.kind == "choice" else "7"
        # Interleave the two students so machine noise hits both alike.
        for label, student in (("100", small), ("100000", large)):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                try:
                    services.attempt_record(student=student, question=q, answer=answer)
                except Exception:  # an answer in the wrong form for the question
                    answer = str(q.choices.first().pk)
                    services.attempt_record(student=student, question=q, answer=answer)
                results[label].append((time.perf_counter() - start) * 1000)
            queries[label].append(len(ctx.captured_queries))
        if i == 0:
            for label in results:  # the first call warms caches
                results[label].clear()
                queries[label].clear()

    print(f"attempt_record, {args.calls - 1} calls each, PostgreSQL, interleaved")
    print("| prior attempts | p50 ms | p95 ms | mean ms | queries/call |")
    print("|---|---|---|---|---|")
    for label, values in results.items():
        print(
            f"| {int(label):,} | {percentile(values, 0.5):.2f} | {percentile(values, 0.95):.2f} "
            f"| {statistics.mean(values):.2f} | {statistics.mean(queries[label]):.1f} |"
        )
    ratio = percentile(results["100000"], 0.5) / percentile(results["100"], 0.5)
    print(f"ratio p50 (100,000 / 100): {ratio:.2f}")


if __name__ == "__main__":
    main()
