"""What personal challenges add to recording an answer.

Every attempt_record enqueues its follow-up task (drained here in process, after the commit);
personal challenges subscribe and move the
student's related active challenges (personal_challenges.services.
personal_challenge_progress_update). Three demo students answer the same Mathematics
questions, interleaved, in one run:

- baseline: attempt_record with the receiver disconnected (as before personal challenges);
- none: receiver on, the student has no challenge (the common case: one query);
- three: receiver on, the student has three active challenges that every answer moves
  (a 60-day streak, a daily practice goal of 1,000 questions, a 60-day daily practice in
  minutes), so each answer reads and writes them.

Reported: attempt_record p50/p95/mean per case, the receiver's own time and queries, and
the ratio of each case's p50 to the baseline's.

    .venv/bin/python bench/personal_challenge_cost.py [--calls 300]

Uses its own database (BENCH_DATABASE_URL, default madrasti_bench_personal), dropped first.
"""

import argparse
import os
import random
import statistics
import time

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/madrasti_bench_personal"
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

    from accounts.models import User
    from jobs.testing import drain
    from mastery import services
    from mastery.models import Question, QuestionServe
    from personal_challenges import services as pc_services
    from personal_challenges.models import PersonalChallenge

    call_command("seed_demo", verbosity=0)
    students = {
        "baseline": User.objects.get(username="student04"),
        "none": User.objects.get(username="student05"),
        "three": User.objects.get(username="student06"),
    }
    PersonalChallenge.objects.filter(student__in=students.values()).delete()
    three = students["three"]
    for kind, extra in (
        ("learning_streak", {"target": 60}),
        ("daily_practice", {"daily_unit": "questions", "daily_goal": 100, "target": 30}),
        ("daily_practice", {"daily_unit": "minutes", "daily_goal": 120, "target": 30}),
    ):
        pc_services.personal_challenge_create(student=three, kind=kind, **extra)
    questions = list(
        Question.objects.filter(exercise__skill__subject__code="MATH101")
        .select_related("exercise__skill")
        .prefetch_related("choices")
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    update = pc_services.personal_challenge_progress_update
    measured: dict[str, tuple[float, int]] = {}

    def timed_update(**kwargs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = update(**kwargs)
            measured["last"] = ((time.perf_counter() - start) * 1000, len(ctx.captured_queries))
        return result

    pc_services.personal_challenge_progress_update = timed_update
    subscribers = list(settings.ATTEMPT_RECORDED_SUBSCRIBERS)
    without = [p for p in subscribers if not p.startswith("personal_challenges.")]
    rng = random.Random(11)
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in students}
    for i in range(args.calls):
        q = questions[rng.randrange(len(questions))]
        answer = (
            "7" if q.kind == "numeric" else str(next(c.pk for c in q.choices.all() if c.is_correct))
        )
        for name, student in students.items():
            # A question shown 20 s ago: a real answer (no quick guess).
            QuestionServe.objects.filter(student=student, question=q).delete()
            settings.ATTEMPT_RECORDED_SUBSCRIBERS = without if name == "baseline" else subscribers
            measured.pop("last", None)
            start = time.perf_counter()
            services.attempt_record(
                student=student, question=q, answer=answer, time_spent_ms=20_000
            )
            drain()  # the follow-up task, as the worker runs it after the commit
            whole = (time.perf_counter() - start) * 1000
            hook_ms, hook_q = measured.get("last", (0.0, 0))
            if i:  # the first call warms caches
                results[name].append((whole, hook_ms, hook_q))

    base = percentile([r[0] for r in results["baseline"]], 0.5)
    print(f"attempt_record with and without personal challenges, {args.calls - 1} calls each")
    print(
        "| case | attempt_record p50 ms | p95 ms | mean ms | receiver p50 ms "
        "| receiver queries/call | p50 / baseline |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, rows in results.items():
        whole = [r[0] for r in rows]
        hook = [r[1] for r in rows]
        p50 = percentile(whole, 0.5)
        print(
            f"| {name} | {p50:.2f} | {percentile(whole, 0.95):.2f} | {statistics.mean(whole):.2f} "
            f"| {percentile(hook, 0.5):.2f} | {statistics.mean(r[2] for r in rows):.1f} "
            f"| {p50 / base:.3f} |"
        )
    moved = PersonalChallenge.objects.filter(student=three).values_list("kind", "progress")
    print("challenges after the run (kind, progress):", sorted(moved))


if __name__ == "__main__":
    main()
