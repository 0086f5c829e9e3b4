"""Class goals' share of recording an answer: its follow-up subscriber, on the demo
school (25 students a class), with no goal the answer can move and with three open goals.

The receiver runs inside every attempt_record. Reported: its own time (p50/p95/mean) and
queries per call, with the whole attempt_record call beside it (the baseline in the same run).

    .venv/bin/python bench/classgoals_hook.py [--calls 200]

Uses its own database (BENCH_DATABASE_URL, default madrasti_bench_classgoals), dropped first.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/madrasti_bench_classgoals"
)

from _setup import django_setup, percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    django_setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from classgoals import rules, subscribers
    from classgoals.models import ClassGoal
    from jobs.testing import drain
    from mastery import services
    from mastery.models import Question
    from schools.models import SchoolClass, Subject

    call_command("seed_demo", verbosity=0)
    student = User.objects.get(username="student01")
    school_class = SchoolClass.objects.get(enrollments__student=student)
    math = Subject.objects.get(code="MATH101")
    questions = list(Question.objects.filter(exercise__skill__subject=math))
    measured: list[tuple[float, int]] = []

    def timed(event):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            subscribers.on_attempt(event)
            elapsed = (time.perf_counter() - start) * 1000
        measured.append((elapsed, len(ctx.captured_queries)))

    # The follow-up task runs the timed subscriber in classgoals' place (drained below).
    sys.modules["__main__"].timed = timed
    settings.ATTEMPT_RECORDED_SUBSCRIBERS = [
        "__main__.timed" if p == "classgoals.subscribers.on_attempt" else p
        for p in settings.ATTEMPT_RECORDED_SUBSCRIBERS
    ]
    rng = random.Random(7)
    today = timezone.localdate()

    def open_goals():
        # Out of reach on purpose: they stay open, so every call measures them.
        for kind, target in (
            (rules.MASTERY_AVERAGE, 100),
            (rules.PARTICIPATION, 100),
            (rules.EXERCISES, 5000),
        ):
            ClassGoal.objects.create(
                school_class=school_class,
                subject=math,
                title=kind,
                kind=kind,
                target=target,
                start_date=today - timedelta(days=7),
                end_date=today + timedelta(days=7),
                unlocks="-",
            )

    scenarios = {
        "no goal an answer can move": lambda: ClassGoal.objects.all().delete(),
        "3 open goals (average mastery, participation, exercises)": open_goals,
    }
    rows = []
    for label, prepare in scenarios.items():
        prepare()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        whole, hook = [], []
        for i in range(args.calls):
            q = questions[rng.randrange(len(questions))]
            answer = "7" if q.kind == "numeric" else str(q.choices.order_by("?").first().pk)
            measured.clear()
            start = time.perf_counter()
            # Shown first, as on the page: a templated question is graded against the
            # numbers it was shown with (answering one never shown is refused).
            services.question_serve(student=student, question=q)
            services.attempt_record(student=student, question=q, answer=answer)
            drain()  # the follow-up task, as the worker runs it after the commit
            if i:  # the first call warms caches
                whole.append((time.perf_counter() - start) * 1000)
                hook.append(measured[-1])
        rows.append((label, whole, hook))

    print(f"class goals receiver inside attempt_record, {args.calls - 1} calls each, PostgreSQL")
    print(
        "| class goals | receiver p50 ms | receiver p95 ms | receiver mean ms | "
        "receiver queries/call (mean, max) | attempt_record p50 ms |"
    )
    print("|---|---|---|---|---|---|")
    for label, whole, hook in rows:
        ms = [h[0] for h in hook]
        queries = [h[1] for h in hook]
        print(
            f"| {label} | {percentile(ms, 0.5):.2f} | {percentile(ms, 0.95):.2f} "
            f"| {statistics.mean(ms):.2f} | {statistics.mean(queries):.1f}, {max(queries)} "
            f"| {percentile(whole, 0.5):.2f} |"
        )


if __name__ == "__main__":
    main()
