"""Live friendly challenges under load: N matches at once, two distinct students each.

A fresh database of its own with new students (2 per match, never reused), classes of 20 with
one teacher each; the first match of each class (up to --observers) is watched by its teacher.
Each match: both players open /ws/challenges/<id>/, get ready, wait out the countdown, and
answer every question concurrently (each after its own think time: uniform 0 to 2*--think
seconds; 0 = flat out). Latency: one player's `answer` send to the `score` event counting it
on the OTHER player's socket.

Failures, all counted (a failed match is never "not lost"): a handshake that fails, any
`error` event on a player's socket (`too_late`, `already_answered`, `not_current`,
`invalid_message`, `rate_limited`, ...), a match not finished by the deadline, a socket that
closes early, a sequence gap (a lost message).

Baselines DURING the load: an echo probe on /bench-echo/ of the same daphne (a bare ASGI
echo mounted beside the project, bench/echo_asgi.py: the event loop's own delay) and one on
a separate echo daphne (the machine's). Throughput: scored answers per second per daphne,
from the first answer sent to the last score seen.

    .venv/bin/python bench/challenge_live.py [--matches 100] [--observers 10] [--think 3]
    .venv/bin/python bench/challenge_live.py --matches 1000 --daphnes 2 --nginx --think 3
        [--ramp 30]    # matches start at random moments over 30 s (default: all at once)
"""

import argparse
import asyncio
import json
import random
import re
import time
from collections import Counter

from _servers import Daphne, EchoProbe, Nginx, Worker, ensure_static
from _setup import HOST, Run, django_setup, open_socket, pcts, raise_nofile, session_cookies
from _world import build_world, right_answer


def prepare(matches: int, observers: int, questions: int) -> list[dict]:
    from challenges import services
    from mastery.models import Question

    world = build_world(
        students=2 * matches,
        class_size=20,
        skills=1,
        exercises_per_skill=1,
        questions_per_exercise=questions,
    )
    exercise = world.exercises[0]
    answers = [
        (q.pk, right_answer(q))
        for q in Question.objects.filter(exercise=exercise)
        .order_by("position", "pk")
        .prefetch_related("choices")
    ]
    users = world.students + [teacher for _, teacher, _ in world.classes]
    cookies = session_cookies(users)
    plans = []
    watched = 0
    for _klass, teacher, members in world.classes:
        for i in range(0, len(members) - 1, 2):
            a, b = members[i], members[i + 1]
            challenge = services.challenge_invite(
                challenger=a, opponent=b, exercise=exercise, kind="speed"
            )
            services.challenge_respond(challenge_id=challenge.pk, player=b, accept=True)
            observe = i == 0 and watched < observers
            watched += observe
            plans.append(
                {
                    "id": challenge.pk,
                    "players": [(a.pk, cookies[a.pk]), (b.pk, cookies[b.pk])],
                    "teacher": cookies[teacher.pk] if observe else None,
                    "answers": answers[: len(challenge.question_ids)],
                }
            )
    return plans


class Closed(Exception):
    pass


class Socket:
    """One client: reads every event in the background, keeps them, checks sequence numbers,
    and wakes whoever waits for a matching event (several waiters at once)."""

    def __init__(self, ws):
        self.ws = ws
        self.history: list = []
        self.waiters: list = []
        self.last_seq = None
        self.gaps = 0
        self.errors: list[str] = []
        self.closed = False
        self.task = asyncio.create_task(self._read())

    async def _read(self):
        try:
            async for raw in self.ws:
                at, event = time.perf_counter(), json.loads(raw)
                seq = event.get("seq")
                if event["type"] == "state":
                    self.last_seq = seq
                elif event["type"] not in ("error", "pong") and seq is not None:
                    if self.last_seq is not None and seq != self.last_seq + 1:
                        self.gaps += max(0, seq - self.last_seq - 1)
                    self.last_seq = seq
                if event["type"] == "error":
                    self.errors.append(event.get("code", "?"))
                self.history.append((at, event))
                for waiter in list(self.waiters):
                    match, future = waiter
                    if not future.done() and match(event):
                        future.set_result((at, event))
                        self.waiters.remove(waiter)
        except Exception:  # noqa: BLE001, S110 - a closed socket ends the reader; waiters learn below
            pass
        self.closed = True
        for _, future in self.waiters:
            if not future.done():
                future.set_exception(Closed("socket closed"))

    async def until(self, match):
        for at, event in self.history:
            if match(event):
                return at, event
        if self.closed:
            raise Closed("socket closed")
        future = asyncio.get_running_loop().create_future()
        self.waiters.append((match, future))
        return await future


class Match:
    def __init__(self):
        self.handshake_failed = 0
        self.failure: str | None = None
        self.finished = False


async def play(
    url: str, origin: str, plan: dict, think: float, stats: dict, start_in: float = 0.0
) -> Match:
    result = Match()
    sockets: list[Socket] = []
    stats["matches"].append(result)
    await asyncio.sleep(start_in)

    async def open_(cookie):
        try:
            ws = await open_socket(url, origin=origin, cookie=cookie, timeout=60)
        except Exception:
            result.handshake_failed += 1
            raise
        sock = Socket(ws)
        sockets.append(sock)
        stats["sockets"].append(sock)
        await sock.until(lambda e: e["type"] == "state")
        return sock

    try:
        players = list(await asyncio.gather(*(open_(c) for _, c in plan["players"])))
        if plan["teacher"]:
            await open_(plan["teacher"])
        ids = [pid for pid, _ in plan["players"]]
        for sock in players:
            await sock.ws.send(json.dumps({"type": "ready"}))
        _, countdown = await players[0].until(lambda e: e["type"] == "countdown")
        await asyncio.sleep(countdown["seconds"] + 0.05)
        await players[0].ws.send(json.dumps({"type": "tick"}))

        async def answer(me: int, index: int, qid: int, value: str):
            if think:
                await asyncio.sleep(random.uniform(0, 2 * think))
            mine, other = players[me], players[1 - me]
            refusals = len(mine.errors)
            sent = time.perf_counter()
            stats["first_sent"] = min(stats["first_sent"], sent)
            await mine.ws.send(json.dumps({"type": "answer", "question_id": qid, "answer": value}))
            scored = asyncio.ensure_future(
                other.until(
                    lambda e: (
                        e["type"] == "score"
                        and next(s for s in e["scores"] if s["player_id"] == ids[me])["answered"]
                        == index + 1
                    )
                )
            )
            refused = asyncio.ensure_future(
                mine.until(lambda e: e["type"] == "error" and len(mine.errors) > refusals)
            )
            done, _ = await asyncio.wait({scored, refused}, return_when=asyncio.FIRST_COMPLETED)
            for future in (scored, refused):
                if future not in done:
                    future.cancel()
            if refused in done and not refused.exception():
                raise RuntimeError(f"answer refused: {refused.result()[1].get('code')}")
            at, _ = scored.result()
            stats["latencies"].append((at - sent) * 1000)
            stats["last_scored"] = max(stats["last_scored"], at)

        for index, (qid, value) in enumerate(plan["answers"]):
            for sock in players:
                await sock.until(lambda e, q=qid: e["type"] == "question" and e["id"] == q)
            await asyncio.gather(*(answer(me, index, qid, value) for me in (0, 1)))
        for sock in sockets:
            await sock.until(lambda e: e["type"] == "finished")
        result.finished = True
    except Exception as error:  # noqa: BLE001 - counted, not raised: one match must not stop the run
        result.failure = f"{type(error).__name__}: {error}"[:120]
    return result


async def run(args, plans, url_for, origin, probes) -> dict:
    stats = {
        "latencies": [],
        "matches": [],
        "sockets": [],
        "first_sent": float("inf"),
        "last_scored": 0.0,
    }
    for probe in probes:
        probe.start()
    started = time.perf_counter()
    tasks = [
        asyncio.ensure_future(
            play(url_for(p["id"]), origin, p, args.think, stats, random.uniform(0, args.ramp))
        )
        for p in plans
    ]
    _, pending = await asyncio.wait(tasks, timeout=args.deadline)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for probe in probes:
        await probe.stop()
    stats["elapsed"] = time.perf_counter() - started
    stats["timed_out"] = len(pending)
    for sock in stats["sockets"]:
        await sock.ws.close()
    return stats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--matches", type=int, default=100)
    parser.add_argument("--observers", type=int, default=10)
    parser.add_argument("--think", type=float, default=0.0, help="mean think time, seconds")
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--daphnes", type=int, default=1)
    parser.add_argument("--nginx", action="store_true", help="deploy/nginx.conf in front")
    parser.add_argument("--deadline", type=float, default=600, help="cut-off, seconds")
    parser.add_argument(
        "--ramp", type=float, default=0.0, help="matches start over this many seconds"
    )
    args = parser.parse_args()
    raise_nofile()
    django_setup()
    ensure_static()
    plans = prepare(args.matches, args.observers, args.questions)
    from django.db import connections

    connections.close_all()
    servers, nginx = [], None
    try:
        if args.daphnes > 1 or args.nginx:
            # Every replica on its own loopback address and the same port, as Docker's DNS
            # names them; nginx resolves "web" to all of them.
            hosts = [f"127.0.0.{2 + i}" for i in range(args.daphnes)]
            servers = [Daphne(host=hosts[0])]
            servers += [Daphne(host=host, port=servers[0].port) for host in hosts[1:]]
            nginx = Nginx(hosts, servers[0].port)
            base = f"{HOST}:{nginx.port}"
        else:
            servers = [Daphne()]
            base = f"{HOST}:{servers[0].port}"
        machine = Daphne("echo_asgi:application")
        servers += [machine, Worker()]
        probes = [
            EchoProbe(f"ws://{base}/bench-echo/"),
            EchoProbe(f"ws://{HOST}:{machine.port}/"),
        ]
        ctx = Run("challenge_live")
        stats = asyncio.run(
            run(
                args,
                plans,
                lambda cid: f"ws://{base}/ws/challenges/{cid}/",
                f"http://{base}",
                probes,
            )
        )
    finally:
        for server in servers:
            server.stop()
        if nginx:
            nginx_errors = [
                line
                for line in nginx.error_log().splitlines()
                if "[error]" in line or "[alert]" in line or "[crit]" in line
            ]
            nginx.stop()
    matches = stats["matches"]
    finished = sum(m.finished for m in matches)
    handshakes = sum(m.handshake_failed for m in matches)
    refusals = Counter(code for s in stats["sockets"] for code in s.errors)
    lost = sum(s.gaps for s in stats["sockets"])
    lat = stats["latencies"]
    window = max(1e-9, stats["last_scored"] - stats["first_sent"])
    per_daphne = len(lat) / window / args.daphnes
    failed = args.matches - finished
    print(ctx.context())
    print(
        f"matches {args.matches} x {args.questions} questions, {2 * args.matches} distinct "
        f"students + {sum(1 for p in plans if p['teacher'])} observing teachers, "
        f"think {args.think} s mean, {args.daphnes} daphne(s){' behind nginx' if nginx else ''}, "
        f"started over {args.ramp:g} s"
    )
    print(
        f"failures: {failed} matches not finished ({stats['timed_out']} cut at the "
        f"{args.deadline:.0f} s deadline), {handshakes} handshakes failed, refusals "
        f"{dict(refusals) or 0}, {lost} messages lost (sequence gaps)"
    )
    for reason, n in Counter(m.failure for m in matches if m.failure).most_common(4):
        print(f"   {n} x {reason}")
    if nginx and nginx_errors:
        # "... *123 recv() failed (104: ...) while reading response header from upstream, ..."
        reasons = Counter(
            re.sub(r"^.*?\*\d+ ", "", line).split(", client:")[0] for line in nginx_errors
        )
        print(f"   nginx: {len(nginx_errors)} errors")
        for reason, n in reasons.most_common(3):
            print(f"      {n} x {reason[:160]}")
    print(
        "| matches | think s | daphnes | answer -> opponent's score p50/p95/p99 ms "
        "| echo same daphne p50/p95/p99 ms | echo machine p50/p95/p99 ms "
        "| scored answers/s per daphne | matches failed | handshakes failed |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.matches} | {args.think:g} | {args.daphnes} | {pcts(lat)} ({len(lat)}) "
        f"| {probes[0].summary()} | {probes[1].summary()} | {per_daphne:.1f} "
        f"| {failed} | {handshakes} |"
    )


if __name__ == "__main__":
    main()
