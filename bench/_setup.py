"""Shared set-up for benchmarks: a fresh PostgreSQL database per script, Django ready, and the
facts every result must carry (commit, load average before and after, the client's own CPU).

Each script gets its own database, `bench_<script name>` (override with BENCH_DATABASE_URL),
created empty and migrated at the start and dropped at the end, so two benchmarks never share
rows and none depends on demo data or on a previous run.
"""

import atexit
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# The exit status of a benchmark that ran to its end but missed its goal (a crash is 1):
# bench/run_all.py lists those apart, as results, not failures of the harness.
GOAL_MISSED = 3
_SCRIPT = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else "bench"
BENCH_DB = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/bench_{_SCRIPT.lower()}"
)


def _admin() -> tuple[str, str]:
    return BENCH_DB.rsplit("/", 1)[0] + "/postgres", BENCH_DB.rsplit("/", 1)[1]


def drop_database() -> None:
    import psycopg

    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: BLE001, S110 - Django may not be set up yet; nothing to close then
        pass
    admin_url, name = _admin()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_setup(*, fresh: bool = True, keep: bool = False) -> None:
    """Create (fresh: drop first) and migrate the script's database; drop it at exit unless
    `keep` or BENCH_KEEP_DB=1."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuv")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import psycopg

    admin_url, name = _admin()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    if not (keep or os.environ.get("BENCH_KEEP_DB") == "1"):
        atexit.register(drop_database)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def pcts(values: list[float]) -> str:
    """p50 / p95 / p99 as 'a / b / c' (ms)."""
    return " / ".join(f"{percentile(values, q):.1f}" for q in (0.5, 0.95, 0.99))


def commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "diff", "--quiet", "HEAD"], cwd=ROOT).returncode
    return out.stdout.strip() + ("+dirty" if dirty else "")


class Run:
    """The context every result is printed with: commit, load average before and after, wall
    time and the load client's own CPU time (this process; the servers are not counted)."""

    def __init__(self, name: str):
        self.name = name
        self.commit = commit()
        self.load_before = os.getloadavg()
        self.cpu_before = self._cpu()
        self.started = time.perf_counter()

    @staticmethod
    def _cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def context(self) -> str:
        wall = time.perf_counter() - self.started
        cpu = self._cpu() - self.cpu_before
        after = os.getloadavg()
        return (
            f"{self.name}: commit {self.commit}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"load average {self.load_before[0]:.1f} before / {after[0]:.1f} after "
            f"({os.cpu_count()} cores), wall {wall:.0f} s, client CPU {cpu:.1f} s "
            f"({100 * cpu / max(wall, 1e-9):.0f}% of one core)"
        )


def raise_nofile(target: int = 65536) -> int:
    """Raise the soft open-files limit (children inherit it); returns the limit reached."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(target, hard) if hard != resource.RLIM_INFINITY else target
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def session_cookie(user) -> str:
    """A logged-in session for `user`, as the Cookie header a browser would send."""
    return session_cookies([user])[user.pk]


def session_cookies(users) -> dict[int, str]:
    """Logged-in sessions for many users at once (one bulk insert), as Cookie headers."""
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    rows, cookies = [], {}
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={key}"
    Session.objects.bulk_create(rows, batch_size=2000)
    return cookies


async def open_socket(url: str, *, origin: str, cookie: str, timeout: float = 30):
    """A websocket as a logged-in browser on `origin` opens it (no proxy, unbounded queue,
    no compression: a browser tab's footprint, not the library's default 64 KiB)."""
    from websockets.asyncio.client import connect

    return await connect(
        url,
        origin=origin,
        additional_headers={"Cookie": cookie},
        proxy=None,
        open_timeout=timeout,
        max_queue=None,
        compression=None,
    )
