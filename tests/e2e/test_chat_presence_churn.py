"""One lock order, proven under load: study-group chat while classmates join and leave, for
30 s, on two daphnes sharing PostgreSQL and Redis, with real websocket clients.

Chat locks the group, then its open session, then the room cursor; presence locks the room's
presence row, then (telling the group) the group and its session, then the cursor
(docs/protocol.md, "Lock order"). Measured: PostgreSQL's own deadlock counter for the test
database (the consumer retries a failed call once, so a deadlock would not always show as a
lost line), every line accepted is stored and reaches every socket that stayed, in each
author's order, and no socket is closed by the server. `CHURN_SECONDS` changes the length.
"""

import asyncio
import contextlib
import json
import os
import random
import time
from dataclasses import dataclass, field

import pytest
from channels.db import database_sync_to_async
from django.db import connection
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from collaboration import services
from collaboration.models import GroupAttendance, GroupMessage
from collaboration.room import study_group_room
from live.selectors import room_last_seq
from schools.models import Enrollment
from tests.collaboration.helpers import make_group
from tests.factories import make_user

from .servers import Daphne, open_socket

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECONDS = float(os.environ.get("CHURN_SECONDS", "30"))
GRACE = 2.0  # presence grace: a closed tab is announced gone within a couple of seconds
CHURNERS = 8
CHAT_EVERY = 0.35  # a chatter's line every 0.35 s and a ping every other line: under 5/s
WAIT = 15.0  # the machine is shared: generous, never part of what is measured


@dataclass
class Socket:
    """A page that stays for the whole run: what it received, in order."""

    name: str
    ws: ClientConnection
    texts: list[str] = field(default_factory=list)
    seq: int = 0
    errors: list[dict] = field(default_factory=list)
    presence: int = 0
    snapshots: int = 0
    closed_by_server: int | None = None
    leaving: bool = False

    async def read(self) -> None:
        try:
            async for raw in self.ws:
                event = json.loads(raw)
                self.seq = max(self.seq, event.get("seq") or 0)
                if event["type"] == "chat":
                    self.texts.append(event["message"]["text"])
                elif event["type"] == "state":  # a snapshot shows the session's chat so far
                    self.snapshots += 1
                    self.texts += [m["text"] for m in event["state"]["chat"]]
                elif event["type"] == "presence":
                    self.presence += 1
                elif event["type"] == "error":
                    self.errors.append(event)
        except ConnectionClosed as closed:
            if not self.leaving:
                self.closed_by_server = closed.rcvd.code if closed.rcvd else 1006


@dataclass
class Churn:
    joins: int = 0
    clean_leaves: int = 0
    dropped: int = 0
    accepted: list[str] = field(default_factory=list)  # echoed back to their author
    unconfirmed: list[str] = field(default_factory=list)
    timeouts: int = 0
    refused: list[dict] = field(default_factory=list)
    server_closes: list[int] = field(default_factory=list)


@pytest.fixture
def churn_room(world, login):
    g = make_group(world, max_members=12)
    churners = []
    for i in range(CHURNERS):
        student = make_user(f"churn{i}")
        Enrollment.objects.create(student=student, school_class=world.class_a)
        services.group_join(group_id=g.group.pk, student=student)
        churners.append(login(student))
    stayers = {
        "alice": login(world.alice),
        "bilal": login(world.bilal),
        "dina": login(g.dina),
        "teacher": login(world.teacher_a),  # observes: reads everything, writes nothing
    }
    return g.group.pk, stayers, churners


def _deadlocks() -> int:
    with connection.cursor() as sql:
        sql.execute("SELECT pg_stat_clear_snapshot()")
        sql.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return sql.fetchone()[0]


async def _until(ws: ClientConnection, match, timeout: float = WAIT) -> dict | None:
    async with asyncio.timeout(timeout):
        while True:
            event = json.loads(await ws.recv())
            if match(event):
                return event


async def _chatter(socket: Socket, until: float, sent: list[str]) -> None:
    i = 0
    while time.monotonic() < until:
        text = f"{socket.name} line {i}"
        await socket.ws.send(json.dumps({"type": "chat", "text": text}))
        sent.append(text)
        if i % 2:
            await socket.ws.send(json.dumps({"type": "ping"}))
        i += 1
        await asyncio.sleep(CHAT_EVERY)


async def _churner(
    n: int, cookies: dict, group_id: int, servers: list[Daphne], until: float, churn: Churn
) -> None:
    rng = random.Random(n)  # the same hops every run
    hop = 0
    while time.monotonic() < until:
        hop += 1
        ws = await open_socket(
            servers[(n + hop) % 2], cookies, path=f"/ws/study-groups/{group_id}/"
        )
        churn.joins += 1
        text = None
        try:
            await _until(ws, lambda e: e["type"] == "state")
            if rng.random() < 0.4:  # says something right after arriving
                text = f"churn{n} hop {hop}"
                await ws.send(json.dumps({"type": "chat", "text": text}))
                reply = await _until(
                    ws,
                    lambda e, t=text: (
                        e["type"] == "error" or (e["type"] == "chat" and e["message"]["text"] == t)
                    ),
                )
                if reply["type"] == "chat":
                    churn.accepted.append(text)
                else:
                    churn.refused.append(reply)
            await ws.send(json.dumps({"type": "ping"}))
            stay = time.monotonic() + rng.uniform(0.1, 1.0)
            with contextlib.suppress(TimeoutError):
                await _until(ws, lambda e: False, timeout=max(0.0, stay - time.monotonic()))
        except ConnectionClosed as closed:
            churn.server_closes.append(closed.rcvd.code if closed.rcvd else 1006)
            continue
        except TimeoutError:  # a slow machine, not a fault: counted, shown in the figures
            if text is not None and text not in churn.accepted:
                churn.unconfirmed.append(text)
            churn.timeouts += 1
        if rng.random() < 0.3:
            ws.transport.abort()  # a dropped connection: no close frame
            churn.dropped += 1
        else:
            await ws.close()
            churn.clean_leaves += 1
        # Half come straight back (a reload: no flicker); half stay away long enough for
        # the room to be told they left (past the linger, or the grace when dropped).
        await asyncio.sleep(rng.uniform(0.0, 0.3) if rng.random() < 0.5 else rng.uniform(1.5, 3))


async def test_chat_and_presence_churn_never_deadlock_and_lose_no_line(
    start_daphnes, churn_room, settings
):
    group_id, stayers, churners = churn_room
    settings.LIVE_PRESENCE_GRACE_SECONDS = GRACE
    servers = start_daphnes("daphne A", "daphne B", LIVE_PRESENCE_GRACE_SECONDS=str(GRACE))
    deadlocks_before = await database_sync_to_async(_deadlocks)()
    path = f"/ws/study-groups/{group_id}/"
    stay = [
        Socket(name, await open_socket(servers[i % 2], stayers[name], path=path))
        for i, name in enumerate(("alice", "bilal", "dina", "teacher"))
    ]
    for s in stay:  # each page has its snapshot before anyone speaks
        s.seq = (await _until(s.ws, lambda e: e["type"] == "state"))["seq"]
    readers = [asyncio.create_task(s.read()) for s in stay]
    started = time.monotonic()
    until = started + SECONDS
    sent: list[str] = []
    churn = Churn()
    await asyncio.gather(
        *(_chatter(s, until, sent) for s in stay[:3]),
        *(_churner(n, c, group_id, servers, until, churn) for n, c in enumerate(churners)),
    )
    elapsed = time.monotonic() - started
    # What arrived live; then each page behind the room resumes from its last seq, as a
    # page told by a `pong` that the room is further on does, until all are level.
    await asyncio.sleep(1)
    live = {s.name: len(set(s.texts)) for s in stay}
    room_seq = await database_sync_to_async(room_last_seq)(room=study_group_room(group_id))
    level_by = time.monotonic() + WAIT
    while any(s.seq < room_seq for s in stay) and time.monotonic() < level_by:
        for s in stay:
            if s.seq < room_seq:
                await s.ws.send(json.dumps({"type": "resume", "since": s.seq}))
        await asyncio.sleep(1)
    for s in stay:
        s.leaving = True
        await s.ws.close()
    await asyncio.gather(*readers)
    for server in servers:  # their connections close: PostgreSQL counts their deadlocks now
        server.stop()
    await asyncio.sleep(2)
    deadlocks = await database_sync_to_async(_deadlocks)() - deadlocks_before
    stored = await database_sync_to_async(
        lambda: list(GroupMessage.objects.values_list("text", flat=True))
    )()
    attended = await database_sync_to_async(GroupAttendance.objects.count)()

    accepted = set(sent) | set(churn.accepted)
    lost = accepted - set(stored)
    undelivered = {s.name: len(set(stored) - set(s.texts)) for s in stay}
    print(
        f"\nchurn {elapsed:.1f} s: {churn.joins} joins, {churn.clean_leaves} clean leaves, "
        f"{churn.dropped} dropped; presence deltas seen by the observer "
        f"{stay[3].presence}; lines sent {len(sent) + len(churn.accepted)} "
        f"(+{len(churn.unconfirmed)} unconfirmed, {churn.timeouts} slow waits), "
        f"stored {len(stored)}, lost {len(lost)}; "
        f"delivered live {live} of {len(stored)}, missing after resume {undelivered} "
        f"(later snapshots {[s.snapshots for s in stay]}); "
        f"deadlocks {deadlocks}; closed by the server "
        f"{[s.closed_by_server for s in stay if s.closed_by_server] + churn.server_closes}; "
        f"errors {[e['code'] for s in stay for e in s.errors] + [e['code'] for e in churn.refused]}"
    )
    assert deadlocks == 0
    assert not lost, sorted(lost)[:10]
    assert len(stored) == len(set(stored)) and set(stored) <= accepted | set(churn.unconfirmed)
    assert undelivered == dict.fromkeys(undelivered, 0)
    for s in stay:  # each author's lines arrive in the order they were written
        for author in ("alice", "bilal", "dina"):
            # (a snapshot and the events after its seq may repeat a line: applied once)
            shown = dict.fromkeys(s.texts)
            mine = [int(t.rsplit(" ", 1)[1]) for t in shown if t.startswith(f"{author} line")]
            assert mine == sorted(mine), (s.name, author)
    assert [s.closed_by_server for s in stay] == [None] * 4 and churn.server_closes == []
    assert [s.errors for s in stay] == [[]] * 4 and churn.refused == []
    # The churn was real: many arrivals and departures, announced to the room.
    assert churn.joins >= 4 * CHURNERS and stay[3].presence >= 10 and attended >= 3
    for server in servers:
        assert "deadlock" not in server.output().lower()
