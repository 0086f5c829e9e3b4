"""Server time of the student dashboard and the teacher's class view on the demo school.

Requests go through Django's full stack in-process (middleware, sessions, templates) on
PostgreSQL; each page is timed side by side with the login page as a baseline.

    .venv/bin/python bench/dashboards.py [--requests 60]
"""

import argparse
import time

from _setup import django_setup, percentile


def timed(client, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    django_setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from schools.models import SchoolClass

    call_command("seed_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    student = User.objects.get(username="student07")
    teacher = User.objects.get(username="teacher1")
    school_class = SchoolClass.objects.order_by("pk").first()
    subject_id = student.skill_progress.first().skill.subject_id
    pages = [
        ("login page (baseline)", None, "/accounts/login/"),
        ("student dashboard", student, "/"),
        ("skill tree", student, f"/subjects/{subject_id}/"),
        ("teacher class view", teacher, f"/classes/{school_class.pk}/"),
    ]
    rows = []
    for label, user, url in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if user is not None:
            client.force_login(user)
        timed(client, url, 3)  # warm-up
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            client.get(url)
        values = timed(client, url, args.requests)
        rows.append((label, values, count[0]))

    base = percentile(rows[0][1], 0.5)
    print(f"{args.requests} requests per page, demo school (50 students, 8 weeks), PostgreSQL")
    print("| page | p50 ms | p95 ms | queries | p50 / baseline |")
    print("|---|---|---|---|---|")
    for label, values, queries in rows:
        p50 = percentile(values, 0.5)
        print(
            f"| {label} | {p50:.1f} | {percentile(values, 0.95):.1f} | {queries} "
            f"| {p50 / base:.1f} |"
        )


if __name__ == "__main__":
    main()
