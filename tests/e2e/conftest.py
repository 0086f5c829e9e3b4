"""Fixtures for the end-to-end tests: real daphne processes on pytest-django's test database.

Ordering matters: the server fixtures depend on `transactional_db`, so pytest tears them
down first. Every daphne is terminated (and its pooled connections closed) before
pytest-django flushes the tables, and long before the test database is dropped.
"""

import os
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client

from tests.ci import in_ci, refuse_skip
from tests.factories import correct_choice, wrong_choice
from tests.static_files import collect_static

from .servers import Daphne, Practice, TaskWorker, database_url, server_env

_failed_key = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember a failure, so the server fixtures print the servers' logs at teardown.

    In CI (`CI=true`) a skipped end-to-end test is a failure: a missing browser or service
    must turn the run red, never leave it green with the live paths untested.
    """
    report = yield
    if in_ci():
        refuse_skip(report)
    if report.failed:
        item.stash.setdefault(_failed_key, True)
    return report


def _daphne_env() -> dict:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("end-to-end tests need PostgreSQL: run them with `make test` (DATABASE_URL)")
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("end-to-end tests need Redis: run them with `make test` (REDIS_URL)")
    # After django_db_setup, NAME is the test database (test_<name>), which the server shares.
    return server_env(
        database_url=database_url(db),
        redis_url=redis_url,
        secret_key=os.environ.get("SECRET_KEY") or settings.SECRET_KEY,
    )


@pytest.fixture(scope="session")
def fresh_static() -> None:
    """The servers serve the collected files (hashed names, as in production): collect them
    again, so a script edited since the last collection is never served stale."""
    collect_static(once_per_run=False)


@pytest.fixture
def start_daphnes(request, fresh_static, transactional_db) -> Iterator[Callable[..., list[Daphne]]]:
    """Start daphne processes (in parallel); all are terminated before the DB flush."""
    env = _daphne_env()
    started: list[Daphne] = []

    def start(*names: str, binds: list[tuple[str, int]] | None = None, **extra_env: str):
        """Daphnes named `names`, each on a free port of 127.0.0.1 or on its (host, port) of
        `binds`; `extra_env` overrides their environment."""
        names = names or ("daphne",)
        servers: list[Daphne] = [
            Daphne(env={**env, **extra_env}, name=name)
            if binds is None
            else Daphne(env={**env, **extra_env}, name=name, host=binds[i][0], port=binds[i][1])
            for i, name in enumerate(names)
        ]
        if not any(isinstance(s, TaskWorker) for s in started):
            # One worker per test, however many daphnes: the follow-ups of answers.
            servers.append(TaskWorker(env={**env, **extra_env}))
        started.extend(servers)
        for server in servers:
            server.spawn()
        for server in servers:
            server.wait_ready()
        return [s for s in servers if not isinstance(s, TaskWorker)]

    yield start
    violations = []
    for server in started:
        output = server.output()
        if request.node.stash.get(_failed_key, False):
            print(f"----- {server.name} on port {server.port} -----\n{output}")
        violations += [line for line in output.splitlines() if "CSP violation" in line]
        server.stop()
    if violations:
        # Browsers report every Content-Security-Policy violation to /csp-report/ (logged).
        pytest.fail("the pages broke the Content-Security-Policy:\n" + "\n".join(violations))


@pytest.fixture
def daphne(start_daphnes) -> Daphne:
    return start_daphnes("daphne")[0]


@pytest.fixture
def two_daphnes(start_daphnes) -> tuple[Daphne, Daphne]:
    a, b = start_daphnes("daphne A", "daphne B")
    return a, b


@pytest.fixture
def login() -> Callable[..., dict[str, str]]:
    """Log a user in through the shared database; returns the cookies a browser would hold."""

    def log_in(user) -> dict[str, str]:
        client = Client()
        client.force_login(user)
        return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}

    return log_in


@pytest.fixture
def practice(world, login) -> Practice:
    """Alice, logged in, and the answers to the world's addition exercise."""
    return Practice(
        student_id=world.alice.pk,
        cookies=login(world.alice),
        skill_id=world.exercise.skill_id,
        exercise_id=world.exercise.pk,
        choice_q=world.choice_q.pk,
        choice_right=str(correct_choice(world.choice_q).pk),
        choice_wrong=str(wrong_choice(world.choice_q).pk),
        numeric_q=world.numeric_q.pk,
        numeric_right=f"{world.numeric_q.numeric_answer.normalize():f}",
        numeric_wrong=f"{world.numeric_q.numeric_answer.normalize() + 1:f}",
    )
