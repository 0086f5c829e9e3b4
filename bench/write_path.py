"""The answer write path (`mastery.services.attempt_record` alone) against PostgreSQL's own
single-row insert rate, measured by pgbench in the same run on a scratch database.

Alternating rounds of --seconds each: pgbench (one client, a custom script inserting one row
into a table with a primary key and an index, as an attempt row has) then attempt_record
(one caller, distinct new students answering a 40-question subject in turn, so no row lock
is shared between consecutive calls). Ratio = attempts/s / inserts/s, per round and overall.

    .venv/bin/python bench/write_path.py [--rounds 3] [--seconds 10]
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import tempfile
import time

from _setup import BENCH_DB, Run, django_setup, percentile
from _world import build_world, right_answer

PGBENCH_SCRIPT = (
    "\\set q random(1, 400)\n"
    "\\set c random(0, 1)\n"
    "INSERT INTO bench_row (student_id, question_id, correct, answered_at) "
    "VALUES (:client_id, :q, :c = 1, now());\n"
)


def scratch_url() -> str:
    return BENCH_DB.rsplit("/", 1)[0] + "/" + BENCH_DB.rsplit("/", 1)[1] + "_pgbench"


def pgbench_prepare() -> None:
    import psycopg

    admin = BENCH_DB.rsplit("/", 1)[0] + "/postgres"
    name = scratch_url().rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        ["pgbench", "-i", "-q", "-s", "1", scratch_url()], check=True, capture_output=True
    )
    with psycopg.connect(scratch_url(), autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE bench_row (id bigserial PRIMARY KEY, student_id int NOT NULL, "
            "question_id int NOT NULL, correct boolean NOT NULL, answered_at timestamptz)"
        )
        conn.execute("CREATE INDEX ON bench_row (student_id, question_id)")


def pgbench_drop() -> None:
    import psycopg

    admin = BENCH_DB.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch_url().rsplit("/", 1)[1]}" WITH (FORCE)')


def pgbench_round(seconds: int, script: str) -> float:
    out = subprocess.run(
        ["pgbench", "-n", "-c", "1", "-T", str(seconds), "-f", script, scratch_url()],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("pgbench"):
        raise SystemExit("pgbench is missing (Debian: postgresql-client)")
    django_setup()
    from mastery import services
    from mastery.models import Question

    world = build_world(students=200, class_size=40, skills=2, exercises_per_skill=2)
    questions = list(
        Question.objects.filter(pk__in=[q.pk for q in world.questions])
        .select_related("exercise__skill")
        .prefetch_related("choices")
    )
    students = world.students
    pgbench_prepare()
    script = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False)  # noqa: SIM115
    script.write(PGBENCH_SCRIPT)
    script.close()
    rng = random.Random(3)
    ctx = Run("write_path")
    rows, timings = [], []
    calls = 0
    try:
        for _ in range(args.rounds):
            inserts = pgbench_round(args.seconds, script.name)
            started, n = time.perf_counter(), 0
            while time.perf_counter() - started < args.seconds:
                student = students[calls % len(students)]
                q = questions[rng.randrange(len(questions))]
                t0 = time.perf_counter()
                services.attempt_record(student=student, question=q, answer=right_answer(q))
                timings.append((time.perf_counter() - t0) * 1000)
                n += 1
                calls += 1
            attempts = n / (time.perf_counter() - started)
            rows.append((inserts, attempts))
    finally:
        os.unlink(script.name)
        pgbench_drop()
    print(ctx.context())
    print(
        f"{args.rounds} alternating rounds of {args.seconds} s; one client each; "
        f"attempt_record p50/p95 {percentile(timings, 0.5):.1f} / "
        f"{percentile(timings, 0.95):.1f} ms over {len(timings)} calls"
    )
    print("| round | pgbench single-row inserts/s | attempt_record/s | ratio |")
    print("|---|---|---|---|")
    for i, (inserts, attempts) in enumerate(rows, 1):
        print(f"| {i} | {inserts:,.0f} | {attempts:.1f} | {attempts / inserts:.2%} |")
    total_i = sum(r[0] for r in rows) / len(rows)
    total_a = sum(r[1] for r in rows) / len(rows)
    print(f"| mean | {total_i:,.0f} | {total_a:.1f} | {total_a / total_i:.2%} |")


if __name__ == "__main__":
    main()
