"""Fan-out of one chat message to rooms of 2, 10, 30 and 60 sockets, through real daphne.

The room is a study group's live session (`/ws/study-groups/<id>/`, the product's chat).
A group has at most 12 members (collaboration.rules.MAX_MAX_MEMBERS), so a room of N holds
min(N, 12) members and N - 12 teachers of the class observing (each a distinct user and
socket; fan-out cost is per socket, whatever its role). Members take turns sending one
`chat` message at a time; the latency of a message is from its send to its arrival on the
LAST socket of the room (the sender's own socket included: it gets the event too).
Messages lost: per socket, messages that never arrived plus sequence gaps (must be 0).

Two daphne processes on the same database, in the same run: one with the Redis channel
layer (REDIS_URL set) and one with the in-memory layer (no REDIS_URL). The per-socket rate
limit is raised for the run (LIVE_RATE_*), since one client sends for a whole room.

    .venv/bin/python bench/fanout_live.py [--messages 150] [--sizes 2,10,30,60]

The load generator (websockets client) shares the machine's 2 cores with daphne,
PostgreSQL and Redis.
"""

import argparse
import asyncio
import json
import time

from _servers import Daphne, daphne_env
from _setup import HOST, django_setup, open_socket, percentile, session_cookie

MAX_MEMBERS = 12
RECEIVE_TIMEOUT = 5.0


def prepare(sizes: list[int]) -> dict:
    """A class with enough students and observing teachers; one study group per size and
    layer (a fresh session each, so no snapshot carries another run's chat)."""
    from accounts.models import User
    from collaboration import services
    from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

    school = School.objects.create(name="Bench school")
    klass = SchoolClass.objects.create(school=school, name="Bench class", grade="TC")
    subject = Subject.objects.create(code="BENCH101", name="Bench")
    students = [
        User.objects.create(username=f"fan-s{i}", role=User.Role.STUDENT)
        for i in range(MAX_MEMBERS)
    ]
    for s in students:
        Enrollment.objects.create(student=s, school_class=klass)
    observers = max(sizes) - MAX_MEMBERS
    teachers = [
        User.objects.create(username=f"fan-t{i}", role=User.Role.TEACHER)
        for i in range(max(1, observers))
    ]
    for t in teachers:
        TeachingAssignment.objects.create(teacher=t, school_class=klass, subject=subject)
    cookies = {u.pk: session_cookie(u) for u in students + teachers}
    plans = {}
    for layer in ("redis", "memory"):
        for size in sizes:
            members = students[: min(size, MAX_MEMBERS)]
            group = services.group_create(
                creator=members[0],
                school_class=klass,
                subject=subject,
                name=f"{layer} {size}",
                max_members=max(2, len(members)),
            )
            for student in members[1:]:
                services.group_join(group_id=group.pk, student=student)
            watchers = teachers[: size - len(members)]
            plans[(layer, size)] = {
                "group": group.pk,
                "members": [cookies[u.pk] for u in members],
                "observers": [cookies[u.pk] for u in watchers],
            }
    return plans


class Socket:
    def __init__(self, ws):
        self.ws = ws
        self.arrivals: dict[str, float] = {}
        self.last_seq = None
        self.gaps = 0
        self.ready = asyncio.Event()
        self.task = asyncio.create_task(self._read())

    async def _read(self):
        async for raw in self.ws:
            at = time.perf_counter()
            event = json.loads(raw)
            seq = event.get("seq")
            if event["type"] == "state":
                self.last_seq = seq
                self.ready.set()
            elif event["type"] not in ("error", "pong") and seq is not None:
                if self.last_seq is not None and seq > self.last_seq + 1:
                    self.gaps += seq - self.last_seq - 1
                self.last_seq = max(seq, self.last_seq or 0)
            if event["type"] == "chat":
                self.arrivals[event["message"]["text"]] = at
            elif event["type"] == "error":
                print("  error from the server:", event)


async def run_room(port: int, plan: dict, messages: int, tag: str) -> dict:
    url = f"ws://{HOST}:{port}/ws/study-groups/{plan['group']}/"
    sockets = []
    for cookie in plan["members"] + plan["observers"]:
        sock = Socket(await open_socket(url, origin=f"http://{HOST}:{port}", cookie=cookie))
        sockets.append(sock)
        async with asyncio.timeout(30):
            await sock.ready.wait()
    await asyncio.sleep(0.3)  # presence settles (the session opens with the first member)
    senders = sockets[: len(plan["members"])]
    latencies, lost = [], 0
    for i in range(messages):
        text = f"{tag}-{i}"
        sender = senders[i % len(senders)]
        sent = time.perf_counter()
        await sender.ws.send(json.dumps({"type": "chat", "text": text}))
        deadline = time.monotonic() + RECEIVE_TIMEOUT
        while time.monotonic() < deadline and not all(text in s.arrivals for s in sockets):
            await asyncio.sleep(0.0005)
        arrived = [s.arrivals[text] for s in sockets if text in s.arrivals]
        lost += len(sockets) - len(arrived)
        if len(arrived) == len(sockets):
            latencies.append((max(arrived) - sent) * 1000)
    for sock in sockets:
        await sock.ws.close()
        sock.task.cancel()
    return {"latencies": latencies, "lost": lost + sum(s.gaps for s in sockets)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=150)
    parser.add_argument("--sizes", default="2,10,30,60")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    django_setup()
    plans = prepare(sizes)
    from django.db import connections

    connections.close_all()
    limits = {"LIVE_RATE_BURST": "100000", "LIVE_RATE_PER_SECOND": "100000"}
    redis_env = daphne_env(**limits)
    # Without REDIS_URL the project runs Channels' in-memory layer (one process).
    memory_env = {k: v for k, v in redis_env.items() if k != "REDIS_URL"}
    servers = {
        "redis": Daphne("project.asgi:application", env=redis_env),
        "memory": Daphne("project.asgi:application", env=memory_env),
    }
    ports = {layer: server.port for layer, server in servers.items()}
    results = {}
    try:
        for size in sizes:
            for layer in ("redis", "memory"):
                plan = plans[(layer, size)]
                results[(layer, size)] = asyncio.run(
                    run_room(ports[layer], plan, args.messages, f"{layer}{size}")
                )
    finally:
        for server in servers.values():
            server.stop()
    print(f"{args.messages} chat messages per room, one in flight at a time")
    print("| room (sockets) | layer | p50 ms | p95 ms | p99 ms | messages lost |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        for layer, name in (("redis", "Redis (pub/sub)"), ("memory", "in-memory")):
            r = results[(layer, size)]
            lat = r["latencies"]
            print(
                f"| {size} | {name} | {percentile(lat, 0.5):.1f} | {percentile(lat, 0.95):.1f} "
                f"| {percentile(lat, 0.99):.1f} | {r['lost']} |"
            )
    for size in sizes:
        redis, memory = (results[(layer, size)]["latencies"] for layer in ("redis", "memory"))
        print(
            f"ratio p50 Redis / in-memory, room of {size}: "
            f"{percentile(redis, 0.5) / percentile(memory, 0.5):.2f}"
        )


if __name__ == "__main__":
    main()
