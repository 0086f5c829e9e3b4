"""A consumer's round trip (`ping` -> `pong`) on every socket type, against a bare ASGI echo
served by the SAME daphne process (bench/echo_asgi.py:combined mounts it at /bench-echo/).

For each type, C sockets (distinct students, each in its own room where the room is per
object) send R pings each, flat out, one outstanding per socket; the echo gets the same C x R.
The two alternate in short rounds (echo, ping, echo, ping, ... `--rounds` of each) and the
ratio is the pings' total rate over the echoes' total rate, so a drift of the machine's speed
during the run weighs on both alike. (Run at the very same moment they would share one event
loop, where each socket's one outstanding message gets its turn at the same pace whatever it
costs: the ratio would say nothing.) The spread of the per-round ratios is printed too. The
per-socket rate limit is raised for the run (it would otherwise answer `rate_limited`,
counted as a failure).
Also reported: PostgreSQL transactions and rows written in the bench database per ping,
between the last connect and the first close (a heartbeat should write nothing), read from
pg_stat_database (its counters lag up to a second: a 1.5 s wait before each read).

    .venv/bin/python bench/ping_ratio.py [--sockets 50] [--pings 200] [--rounds 5]
"""

import argparse
import asyncio
import json
import time

from _servers import Daphne, daphne_env, ensure_static
from _setup import BENCH_DB, HOST, Run, django_setup, open_socket, pcts, session_cookies
from _world import build_world


def prepare(sockets: int) -> dict[str, list[tuple[str, str]]]:
    """(path, cookie) for every socket of every type; a distinct student per socket."""
    from challenges import services as challenges
    from collaboration import services as groups
    from peerhelp import services as peerhelp

    world = build_world(students=4 * sockets, class_size=4 * sockets)
    klass, teacher, members = world.classes[0]
    cookies = session_cookies(members)
    skill = world.exercises[0].skill
    plan: dict[str, list[tuple[str, str]]] = {"notifications": [], "classes": []}
    plan.update({"challenges": [], "peer-help": [], "study-groups": []})
    for i in range(sockets):
        a, b, c, d = members[4 * i : 4 * i + 4]
        plan["notifications"].append(("/ws/notifications/", cookies[a.pk]))
        plan["classes"].append((f"/ws/classes/{klass.pk}/", cookies[b.pk]))
        match = challenges.challenge_invite(
            challenger=c, opponent=d, exercise=world.exercises[0], kind="speed"
        )
        challenges.challenge_respond(challenge_id=match.pk, player=d, accept=True)
        plan["challenges"].append((f"/ws/challenges/{match.pk}/", cookies[c.pk]))
        request = peerhelp.help_request_create(
            requester=d, skill=skill, topic="Fractions", question="How do I add these?"
        )
        plan["peer-help"].append((f"/ws/peer-help/{request.pk}/", cookies[d.pk]))
        group = groups.group_create(
            creator=a, school_class=klass, subject=world.subject, name=f"Group {i}"
        )
        plan["study-groups"].append((f"/ws/study-groups/{group.pk}/", cookies[a.pk]))
    return plan


def pg_counters() -> tuple[int, int]:
    """(transactions, rows written) so far in the bench database, after the server's pooled
    sessions had time to report (PostgreSQL flushes a backend's stats about once a second)."""
    import psycopg

    time.sleep(1.5)
    name = BENCH_DB.rsplit("/", 1)[1]
    with psycopg.connect(BENCH_DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT xact_commit + xact_rollback, tup_inserted + tup_updated + tup_deleted "
            "FROM pg_stat_database WHERE datname = %s",
            [name],
        ).fetchone()
    return int(row[0]), int(row[1])


async def hammer(port: int, targets: list[tuple[str, str]], pings: int, echo: bool) -> dict:
    origin = f"http://{HOST}:{port}"
    latencies: list[float] = []
    failures = {"handshake": 0, "errors": 0}
    connected, finished = [0], [0]
    ready, leave, all_done = asyncio.Event(), asyncio.Event(), asyncio.Event()

    def one_done() -> None:
        finished[0] += 1
        if finished[0] == len(targets):
            all_done.set()

    async def client(path: str, cookie: str):
        try:
            ws = await open_socket(f"ws://{HOST}:{port}{path}", origin=origin, cookie=cookie)
        except Exception:  # noqa: BLE001 - counted
            failures["handshake"] += 1
            connected[0] += 1
            one_done()
            return
        async with ws:
            if not echo:  # the snapshot first (and any presence event)
                while json.loads(await ws.recv())["type"] != "state":
                    pass
            connected[0] += 1
            await ready.wait()
            for _ in range(pings):
                sent = time.perf_counter()
                await ws.send('{"type": "ping"}')
                while True:
                    event = json.loads(await ws.recv())
                    if event["type"] in ("pong", "ping"):
                        break
                    if event["type"] == "error":
                        failures["errors"] += 1
                        break
                latencies.append((time.perf_counter() - sent) * 1000)
            one_done()
            await leave.wait()  # closed after the database counters are read

    tasks = [asyncio.create_task(client(path, cookie)) for path, cookie in targets]
    # Everyone connected (or failed) before the clock starts: handshakes are not round trips.
    while connected[0] < len(targets):
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # presence announcements of the last joins settle
    before = (0, 0) if echo else await asyncio.to_thread(pg_counters)
    started = time.perf_counter()
    ready.set()
    await all_done.wait()
    elapsed = time.perf_counter() - started
    after = (0, 0) if echo else await asyncio.to_thread(pg_counters)
    leave.set()
    await asyncio.gather(*tasks)
    writes = (after[0] - before[0], after[1] - before[1])
    return {"latencies": latencies, "rate": len(latencies) / elapsed, "pg": writes, **failures}


def _merged(runs: list[dict]) -> dict:
    """Several rounds as one: every latency, the rate over their summed time, every write and
    failure."""
    elapsed = sum(len(r["latencies"]) / r["rate"] for r in runs)
    return {
        "latencies": [x for r in runs for x in r["latencies"]],
        "rate": sum(len(r["latencies"]) for r in runs) / elapsed,
        "pg": tuple(sum(r["pg"][i] for r in runs) for i in (0, 1)),
        "handshake": sum(r["handshake"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=50)
    parser.add_argument("--pings", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    django_setup()
    ensure_static()
    plan = prepare(args.sockets)
    from django.db import connections

    connections.close_all()
    server = Daphne(env=daphne_env(LIVE_RATE_BURST="100000", LIVE_RATE_PER_SECOND="100000"))
    ctx = Run("ping_ratio")
    rows = []
    try:
        for kind, targets in plan.items():
            echoes, results = [], []
            for _ in range(args.rounds):
                echoes.append(
                    asyncio.run(
                        hammer(server.port, [("/bench-echo/", "")] * len(targets), args.pings, True)
                    )
                )
                results.append(asyncio.run(hammer(server.port, targets, args.pings, False)))
            echo, result = _merged(echoes), _merged(results)
            spread = [r["rate"] / e["rate"] for r, e in zip(results, echoes, strict=True)]
            rows.append((kind, result, echo, result["pg"], spread))
    finally:
        server.stop()
    print(ctx.context())
    print(
        f"{args.sockets} sockets x {args.pings} pings per type, one outstanding per socket; "
        f"echo = a bare ASGI echo in the same daphne process; {args.rounds} alternating "
        "rounds of each per type"
    )
    print(
        "| socket | pings/s | p50/p95/p99 ms | echo round trips/s | echo p50/p95/p99 ms "
        "| ratio (pings/s / echo) | per-round ratios | PG transactions / rows written per ping "
        "| failures |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for kind, result, echo, writes, spread in rows:
        failures = result["handshake"] + result["errors"]
        n = max(1, len(result["latencies"]))
        print(
            f"| {kind} | {result['rate']:,.0f} | {pcts(result['latencies'])} "
            f"| {echo['rate']:,.0f} | {pcts(echo['latencies'])} "
            f"| {result['rate'] / echo['rate']:.0%} | {min(spread):.0%}-{max(spread):.0%} "
            f"| {writes[0] / n:.2f} / {writes[1] / n:.2f} "
            f"| {failures} ({result['handshake']} handshakes, {result['errors']} errors) |"
        )


if __name__ == "__main__":
    main()
