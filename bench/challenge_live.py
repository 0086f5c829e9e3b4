"""Live friendly challenges under load: N matches at once on one daphne with the Redis layer.

Each match: two players (and, for the first --observers matches, an observing teacher) open
/ws/challenges/<id>/, get ready, wait out the countdown and play every question: one player
answers, and the other player's socket must show the `score` event for that answer; the time
from the send to that arrival is the answer-to-scoreboard latency. Every socket checks that
the sequence numbers it receives have no gap and that it ends with `finished` (messages lost
must be 0). Baseline in the same run: a bare ASGI echo app under the same daphne, the same
number of sockets, one round trip per answer.

    .venv/bin/python bench/challenge_live.py [--matches 100] [--observers 10] [--think 0]

--think S: each player "thinks" a random 0 to 2*S seconds before answering (0: answers as
fast as the server allows, the worst case).
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time

from _setup import BENCH_DB, ROOT, django_setup, open_socket, percentile

HOST = "127.0.0.1"


def spawn_daphne(app: str, port: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port), "--verbosity", "0", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"daphne for {app} did not start")


def daphne_env(*, redis_url: str | None, **extra: str) -> dict:
    """The environment of a bench daphne: the bench database, production-like settings, and
    the Redis layer when `redis_url` is given (the in-memory layer otherwise)."""
    from django.conf import settings

    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DATABASE_URL": BENCH_DB,
        "CHANNEL_LAYER_PREFIX": f"bench-{os.getpid()}",
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "project.settings",
        **extra,
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def prepare(matches: int, observers: int):
    """Matches between classmates of the demo school, accepted, with session cookies."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from accounts.models import User
    from challenges import selectors, services
    from mastery import variants
    from mastery.models import Choice, Question
    from schools.models import SchoolClass, TeachingAssignment

    call_command("seed_demo", verbosity=0)
    cookies: dict[int, str] = {}

    def cookie(user) -> str:
        if user.pk not in cookies:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.save()
            cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
        return cookies[user.pk]

    pairs = []
    for school_class in SchoolClass.objects.order_by("pk"):
        students = list(
            User.objects.filter(enrollments__school_class=school_class).order_by("username")
        )
        pairs += [(students[i], students[i + 1]) for i in range(0, len(students) - 1, 2)]
    plans = []
    for n in range(matches):
        a, b = pairs[n % len(pairs)]
        exercise = selectors.challengeable_exercises(student=a)[n % 5]
        challenge = services.challenge_invite(
            challenger=a, opponent=b, exercise=exercise, kind="speed"
        )
        services.challenge_respond(challenge_id=challenge.pk, player=b, accept=True)
        answers = []
        for qid in challenge.question_ids:
            q = Question.objects.get(pk=qid)
            if q.kind == Question.Kind.NUMERIC:
                seed = selectors.question_variant(challenge=challenge, question=q)
                answers.append((qid, f"{variants.draw(q, seed).answer.normalize():f}"))
            else:
                answers.append((qid, str(Choice.objects.filter(question=q, is_correct=True)[0].pk)))
        teacher = None
        if n < observers:
            teacher = (
                TeachingAssignment.objects.filter(school_class=challenge.school_class)
                .first()
                .teacher
            )
        plans.append(
            {
                "id": challenge.pk,
                "players": [(a.pk, cookie(a)), (b.pk, cookie(b))],
                "teacher": cookie(teacher) if teacher else None,
                "answers": answers,
            }
        )
    return plans


class Socket:
    """One client: reads every event in the background, checks sequence numbers."""

    def __init__(self, ws):
        self.ws = ws
        self.events: asyncio.Queue = asyncio.Queue()
        self.last_seq = None
        self.gaps = 0
        self.finished = False
        self.task = asyncio.create_task(self._read())

    async def _read(self):
        async for raw in self.ws:
            event = json.loads(raw)
            seq = event.get("seq")
            if event["type"] == "state":
                self.last_seq = seq
            elif event["type"] not in ("error", "pong") and seq is not None:
                if self.last_seq is not None and seq != self.last_seq + 1:
                    self.gaps += max(0, seq - self.last_seq - 1)
                self.last_seq = seq
            if event["type"] == "finished":
                self.finished = True
            await self.events.put((time.perf_counter(), event))

    async def until(self, match, timeout=60.0):
        async with asyncio.timeout(timeout):
            while True:
                at, event = await self.events.get()
                if match(event):
                    return at, event


async def play(port: int, plan: dict, latencies: list, errors: list, sockets: list, think: float):
    url = f"ws://{HOST}:{port}/ws/challenges/{plan['id']}/"
    origin = f"http://{HOST}:{port}"

    async def open_(cookie):
        sock = Socket(await open_socket(url, origin=origin, cookie=cookie))
        sockets.append(sock)
        await sock.until(lambda e: e["type"] == "state")
        return sock

    try:
        players = [await open_(cookie) for _, cookie in plan["players"]]
        if plan["teacher"]:
            await open_(plan["teacher"])
        ids = [pid for pid, _ in plan["players"]]
        for sock in players:
            await sock.ws.send(json.dumps({"type": "ready"}))
        _, countdown = await players[0].until(lambda e: e["type"] == "countdown")
        await asyncio.sleep(countdown["seconds"] + 0.05)
        await players[0].ws.send(json.dumps({"type": "tick"}))
        for index, (qid, value) in enumerate(plan["answers"]):
            for sock in players:
                await sock.until(lambda e, q=qid: e["type"] == "question" and e["id"] == q)
            for me in (0, 1):
                other = players[1 - me]
                if think:
                    await asyncio.sleep(random.uniform(0, 2 * think))
                sent = time.perf_counter()
                await players[me].ws.send(
                    json.dumps({"type": "answer", "question_id": qid, "answer": value})
                )
                at, _ = await other.until(
                    lambda e, pid=ids[me], n=index + 1: (
                        e["type"] == "score"
                        and next(s for s in e["scores"] if s["player_id"] == pid)["answered"] == n
                    )
                )
                latencies.append((at - sent) * 1000)
        for sock in players:
            await sock.until(lambda e: e["type"] == "finished")
    except Exception as error:  # noqa: BLE001 - reported, not raised: one match must not stop the run
        errors.append(f"match {plan['id']}: {type(error).__name__} {error}")


async def run_matches(port: int, plans: list, think: float) -> dict:
    latencies, errors, sockets = [], [], []
    started = time.perf_counter()
    await asyncio.gather(*(play(port, plan, latencies, errors, sockets, think) for plan in plans))
    elapsed = time.perf_counter() - started
    await asyncio.sleep(0.5)  # late events (the teachers' `finished`) still arrive
    for sock in sockets:
        await sock.ws.close()
    return {
        "latencies": latencies,
        "errors": errors,
        "sockets": len(sockets),
        "lost": sum(s.gaps for s in sockets),
        "unfinished": sum(1 for s in sockets if not s.finished),
        "elapsed": elapsed,
    }


async def run_echo(port: int, connections: int, round_trips: int) -> list:
    from websockets.asyncio.client import connect

    latencies = []

    async def client(n):
        async with connect(f"ws://{HOST}:{port}/", proxy=None, open_timeout=30) as ws:
            for i in range(round_trips):
                sent = time.perf_counter()
                await ws.send(json.dumps({"type": "answer", "n": n, "i": i}))
                await ws.recv()
                latencies.append((time.perf_counter() - sent) * 1000)

    await asyncio.gather(*(client(n) for n in range(connections)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--matches", type=int, default=100)
    parser.add_argument("--observers", type=int, default=10)
    parser.add_argument("--think", type=float, default=0.0)
    args = parser.parse_args()
    django_setup()
    plans = prepare(args.matches, args.observers)

    env = daphne_env(redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    from django.db import connections

    connections.close_all()
    app_port, echo_port = free_port(), free_port()
    app = spawn_daphne("project.asgi:application", app_port, env)
    echo = spawn_daphne("bench.echo_asgi:application", echo_port, env)
    try:
        result = asyncio.run(run_matches(app_port, plans, args.think))
        per_match = len(result["latencies"]) // max(1, args.matches)
        echo_latencies = asyncio.run(run_echo(echo_port, result["sockets"], max(1, per_match // 2)))
    finally:
        for proc in (app, echo):
            proc.terminate()
            proc.wait(10)
    lat = result["latencies"]
    print(
        f"matches: {args.matches}, sockets: {result['sockets']} "
        f"({2 * args.matches} players + {min(args.observers, args.matches)} teachers), "
        f"answers measured: {len(lat)}, wall time {result['elapsed']:.1f} s"
    )
    print(
        f"errors: {len(result['errors'])}; messages lost (sequence gaps): {result['lost']}; "
        f"sockets without `finished`: {result['unfinished']}"
    )
    for line in result["errors"][:5]:
        print("  ", line)
    print("| | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|")
    rows = [
        ("answer to the other player's scoreboard", lat),
        ("echo round trip (baseline)", echo_latencies),
    ]
    for name, values in rows:
        print(
            f"| {name} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} "
            f"| {percentile(values, 0.99):.1f} |"
        )
    print(
        f"ratio p50 (challenge / echo): "
        f"{percentile(lat, 0.5) / percentile(echo_latencies, 0.5):.1f}"
    )


if __name__ == "__main__":
    main()
