"""A class logs in at the same moment: 100 logins at once on two daphnes all succeed.

Password hashing is deliberately slow (PBKDF2, about 0.4 s of CPU here); before the backend
returned its database connection while hashing, 50 simultaneous logins exhausted the pool
(18 HTTP 500s, psycopg_pool.PoolTimeout). The figures go to docs/reliability.md.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.hashers import make_password

from accounts.models import User

from .servers import HttpClient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOGINS = 100
PASSWORD = "a-class-logs-in-together"
# Each daphne gets a small pool on purpose: logins must not need one connection each.
POOL = {"DB_POOL_MAX_SIZE": "10", "DB_POOL_TIMEOUT": "10"}


@pytest.fixture
def students(db) -> list[str]:
    hashed = make_password(PASSWORD)  # one hash for all: 100 would take 40 s to make
    users = [
        User(username=f"burst{i:03}", role=User.Role.STUDENT, password=hashed)
        for i in range(LOGINS)
    ]
    User.objects.bulk_create(users)
    return [u.username for u in users]


def _log_in(base_url: str, username: str, barrier: threading.Barrier) -> tuple[int, float]:
    client = HttpClient(base_url, timeout=180)
    page = client.get("/accounts/login/")
    assert page.status == 200, page.status
    form = {"csrfmiddlewaretoken": page.csrf_field(), "username": username, "password": PASSWORD}
    barrier.wait(timeout=60)  # every form is loaded: now all post at once
    started = time.monotonic()
    response = client.post(
        "/accounts/login/",
        form,
        headers={"Origin": base_url, "Referer": f"{base_url}/accounts/login/"},
    )
    elapsed = time.monotonic() - started
    if response.status == 302 and "sessionid" in client.cookies:
        return 302, elapsed
    return response.status, elapsed


def test_a_hundred_students_log_in_at_the_same_moment(start_daphnes, students):
    servers = start_daphnes("daphne A", "daphne B", **POOL)
    barrier = threading.Barrier(LOGINS)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=LOGINS) as pool:
        futures = [
            pool.submit(_log_in, servers[i % 2].base_url, name, barrier)
            for i, name in enumerate(students)
        ]
        results = [f.result() for f in futures]
    wall = time.monotonic() - started
    statuses = Counter(status for status, _ in results)
    slowest = max(elapsed for _, elapsed in results)
    print(
        f"{LOGINS} logins on 2 daphnes: {dict(statuses)}, "
        f"slowest {slowest:.1f} s, wall {wall:.1f} s"
    )
    assert statuses == {302: LOGINS}, statuses
