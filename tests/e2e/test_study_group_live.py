"""Study-group sessions through real daphne processes, PostgreSQL and the Redis layer.

The grace period is shortened to 2 s (LIVE_PRESENCE_GRACE_SECONDS), so a dropped connection
must be gone within seconds: no ghost. Presence is decided in the database, so a student on
daphne A sees a classmate on daphne B come and go, and a killed daphne leaves nobody behind.
"""

import asyncio
import json
import time

import pytest
from channels.db import database_sync_to_async
from websockets.exceptions import ConnectionClosed

from accounts.models import User
from collaboration import services
from collaboration.models import GroupMessage, GroupSession
from mastery.models import Attempt
from tests.collaboration.helpers import make_group
from tests.factories import correct_choice, make_user

from . import servers
from .conftest import _daphne_env
from .servers import RECEIVE_TIMEOUT, Daphne, kill_under, open_socket, refusal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GRACE = 2.0


@pytest.fixture
def quick_daphnes(request, fresh_static, transactional_db, settings):
    """Two daphnes on one Redis with a 2 s presence grace (and this process agrees)."""
    settings.LIVE_PRESENCE_GRACE_SECONDS = GRACE
    env = {**_daphne_env(), "LIVE_PRESENCE_GRACE_SECONDS": str(GRACE)}
    servers = [Daphne(env=env, name=name) for name in ("daphne A", "daphne B")]
    for server in servers:
        server.spawn()
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def room(world, login):
    g = make_group(world)
    emma = make_user("emma")  # a classmate outside the group
    emma.enrollments.create(school_class=world.class_a)
    people = (world.alice, world.bilal, g.dina, world.teacher_a, world.teacher_b, world.chloe, emma)
    return g.group, {u.username: login(u) for u in people}


def open_room(server, cookies, group_id, *, since=None, origin="same"):
    query = f"?since={since}" if since is not None else ""
    return open_socket(
        server, cookies, origin=origin, query=query, path=f"/ws/study-groups/{group_id}/"
    )


async def send(ws, **message):
    await ws.send(json.dumps(message))


# Who each socket's page shows as here: the snapshot's list, then each `presence` delta.
_here: dict[int, dict[int, str]] = {}


_log: dict[int, list[dict]] = {}


def _track(ws, event: dict) -> dict:
    _log.setdefault(id(ws), []).append(event)
    if event["type"] == "state" and "presence" in event["state"]:
        _here[id(ws)] = {u["id"]: u["name"] for u in event["state"]["presence"]["users"]}
    elif event["type"] == "presence":
        shown = _here.setdefault(id(ws), {})
        shown.update({u["id"]: u["name"] for u in event["joined"]})
        for gone in event["left"]:
            shown.pop(gone, None)
    return event


async def receive(ws) -> dict:  # the servers' receive, tracking presence
    return _track(ws, await servers.receive(ws))


async def until(ws, type_: str) -> list[dict]:
    seen = []
    while True:
        seen.append(await receive(ws))
        if seen[-1]["type"] == type_:
            return seen


async def presence_until(ws, names: list[str], timeout: float = 4 * GRACE) -> dict:
    """Ping like a page's heartbeat until the page, applying the `presence` deltas, shows
    exactly `names`; returns the delta that got it there."""
    deadline = time.monotonic() + timeout
    seen_before = len(_log.get(id(ws), []))
    while time.monotonic() < deadline:
        await send(ws, type="ping")
        try:
            async with asyncio.timeout(0.3):
                while True:
                    event = _track(ws, json.loads(await ws.recv()))
                    shown = sorted(_here.get(id(ws), {}).values())
                    if event["type"] == "presence" and shown == sorted(names):
                        return event
        except TimeoutError:
            continue
    # What the page showed and every non-pong event it got meanwhile: a recurrence says why.
    got = [e for e in _log.get(id(ws), [])[seen_before:] if e["type"] != "pong"]
    shown = sorted(_here.get(id(ws), {}).values())
    raise AssertionError(
        f"the page never showed {names} within {timeout} s; it shows {shown}; events: {got}"
    )


def here(state: dict) -> list[str]:
    return sorted(u["name"] for u in state["state"]["presence"]["users"])


async def test_presence_across_processes_with_tabs_leaving_and_a_killed_daphne(quick_daphnes, room):
    server_a, server_b = quick_daphnes
    group, cookies = room
    async with open_room(server_a, cookies["alice"], group.pk) as alice:
        first = await receive(alice)
        assert here(first) == ["alice"] and first["state"]["role"] == "member"
        assert first["state"]["presence"]["heartbeat_seconds"] == pytest.approx(GRACE / 3)
        # A second tab of Alice, on the other process: she is still counted once.
        alice_b = await open_room(server_b, cookies["alice"], group.pk).__aenter__()
        assert here(await receive(alice_b)) == ["alice"]
        async with open_room(server_b, cookies["bilal"], group.pk) as bilal:
            await receive(bilal)
            joined = await presence_until(alice, ["alice", "bilal"])
        # Bilal's tab closed cleanly: after the short linger he has left, announced once.
        left = await presence_until(alice, ["alice"])
        assert left["left"] == [(await _id("bilal"))]
        # Dina comes in on daphne B; then daphne B is killed without a goodbye to anyone.
        dina = await open_room(server_b, cookies["dina"], group.pk).__aenter__()
        await receive(dina)
        await presence_until(alice, ["alice", "dina"])
        await kill_under(dina, server_b)
        killed_at = time.monotonic()
        gone = await presence_until(alice, ["alice"])
        # Alice's tab on the killed process did not take her with it; Dina is no ghost.
        assert gone["left"] == [await _id("dina")]
        assert time.monotonic() - killed_at < 3 * GRACE
        with pytest.raises(ConnectionClosed):  # its server is gone
            async with asyncio.timeout(RECEIVE_TIMEOUT):
                while True:
                    await alice_b.recv()
        states = await _sessions()
        assert len(states) == 1 and states[0][1] is None  # Alice keeps the session open
    assert [u["id"] for u in joined["joined"]] == [await _id("bilal")]
    assert "users" not in joined  # a delta, never the whole list again


@database_sync_to_async
def _id(username: str) -> int:
    return User.objects.get(username=username).pk


@database_sync_to_async
def _sessions():
    return list(GroupSession.objects.values_list("pk", "ended_at"))


async def test_the_session_ends_after_the_last_member_drops(quick_daphnes, room):
    server_a, server_b = quick_daphnes
    group, cookies = room
    async with open_room(server_a, cookies["teacher_a"], group.pk) as teacher:
        await receive(teacher)
        bilal = await open_room(server_b, cookies["bilal"], group.pk).__aenter__()
        await receive(bilal)
        assert (await until(teacher, "session.started"))[-1]["session"]["id"]
        await kill_under(bilal, server_b)
        # Only the teacher pings now: that is enough to sweep Bilal and close the session
        # (closed before the `presence` delta is published: the session's row, then the
        # room's cursor).
        await presence_until(teacher, ["teacher_a"])
        ended = [e for e in _log[id(teacher)] if e["type"] == "session.ended"]
        assert ended[-1]["duration_seconds"] is not None
    assert [e is not None for _, e in await _sessions()] == [True]


async def test_chat_order_and_no_loss_across_a_reconnect(quick_daphnes, room):
    server_a, server_b = quick_daphnes
    group, cookies = room
    async with open_room(server_a, cookies["alice"], group.pk) as alice:
        await receive(alice)
        bilal = await open_room(server_b, cookies["bilal"], group.pk).__aenter__()
        await receive(bilal)
        for i in range(5):
            await send(alice, type="chat", text=f"line {i} <b>bold?</b>")
        seen = await _collect(bilal, "chat", 5)
        last_seq = seen[-1]["seq"]
        await kill_under(bilal, server_b)
        for i in range(5, 10):
            await send(alice, type="chat", text=f"line {i} <b>bold?</b>")
        await _collect(alice, "chat", 10)
        async with open_room(server_a, cookies["bilal"], group.pk, since=last_seq) as again:
            missed = await _collect(again, "chat", 5)
            assert [m["message"]["text"] for m in missed] == [
                f"line {i} <b>bold?</b>" for i in range(5, 10)
            ]
            seqs = [m["seq"] for m in missed]
            assert seqs == sorted(seqs) and seqs[0] > last_seq
            await send(again, type="chat", text="back!")
            assert (await _collect(alice, "chat", 1))[0]["message"]["text"] == "back!"
    stored = await database_sync_to_async(
        lambda: list(GroupMessage.objects.order_by("pk").values_list("text", flat=True))
    )()
    assert stored == [f"line {i} <b>bold?</b>" for i in range(10)] + ["back!"]


async def _collect(ws, type_: str, n: int) -> list[dict]:
    found = []
    while len(found) < n:
        event = await receive(ws)
        if event["type"] == type_:
            found.append(event)
    return found


@pytest.mark.parametrize(
    ("who", "origin"),
    [
        ("chloe", "same"),  # another class
        ("emma", "same"),  # a classmate outside the group
        ("teacher_b", "same"),  # a teacher of another class
        (None, "same"),  # anonymous
        ("alice", "http://evil.example"),  # a member, from a foreign page
        ("alice", None),  # no Origin at all
    ],
)
async def test_outsiders_are_refused(quick_daphnes, room, who, origin):
    server_a, _ = quick_daphnes
    group, cookies = room
    expected = 403 if origin != "same" else (4403 if who else 4401)
    assert await refusal(open_room(server_a, cookies.get(who), group.pk, origin=origin)) == expected


async def test_a_teacher_observes_read_only_and_the_size_limit_holds(quick_daphnes, room):
    server_a, _ = quick_daphnes
    group, cookies = room
    async with (
        open_room(server_a, cookies["teacher_a"], group.pk) as teacher,
        open_room(server_a, cookies["alice"], group.pk) as alice,
    ):
        assert (await receive(teacher))["state"]["role"] == "observer"
        await receive(alice)
        await send(teacher, type="chat", text="hello class")
        assert (await until(teacher, "error"))[-1]["code"] == "read_only"
        await send(alice, type="chat", text="x" * 501)
        assert (await until(alice, "error"))[-1]["code"] == "invalid_message"
        await alice.send(json.dumps({"type": "chat", "text": "é" * 3000}))
        assert (await until(alice, "error"))[-1]["code"] == "too_large"
    assert not await database_sync_to_async(GroupMessage.objects.exists)()


async def test_a_submitted_answer_counts_for_each_member_present_only(quick_daphnes, room, world):
    server_a, server_b = quick_daphnes
    group, cookies = room
    right = str(await database_sync_to_async(lambda: correct_choice(world.choice_q).pk)())
    async with (
        open_room(server_a, cookies["alice"], group.pk) as alice,
        open_room(server_b, cookies["bilal"], group.pk) as bilal,
        open_room(server_a, cookies["teacher_a"], group.pk) as teacher,
    ):
        for ws in (alice, bilal, teacher):
            await receive(ws)
        await presence_until(alice, ["alice", "bilal", "teacher_a"])
        # Dina came and went: she is a member, but not here when the answer is submitted.
        async with open_room(server_b, cookies["dina"], group.pk) as dina:
            await receive(dina)
            # Seen arriving first, so the room's next change without her is her leaving.
            await presence_until(alice, ["alice", "bilal", "dina", "teacher_a"])
        await presence_until(alice, ["alice", "bilal", "teacher_a"])
        await send(bilal, type="pick", question_id=world.choice_q.pk)
        question = (await until(teacher, "question"))[-1]
        assert "is_correct" not in json.dumps(question) and question["round"] == 1
        await send(alice, type="propose", round=1, answer="11")
        proposal = (await until(bilal, "proposal"))[-1]["proposal"]
        assert (proposal["author"]["name"], proposal["label"]["fr"]) == ("alice", "11")
        await send(bilal, type="submit", round=1, answer=right)
        results = [(await until(ws, "answer.result"))[-1] for ws in (alice, bilal, teacher)]
        assert results[0] == results[1] == results[2]
        assert results[0]["correct"] and [c["name"] for c in results[0]["credited"]] == [
            "alice",
            "bilal",
        ]
        await send(alice, type="submit", round=1, answer=right)
        assert (await until(alice, "error"))[-1]["code"] == "already_submitted"
    attempts = await database_sync_to_async(
        lambda: sorted(
            Attempt.objects.filter(source=Attempt.Source.GROUP).values_list(
                "student__username", flat=True
            )
        )
    )()
    assert attempts == ["alice", "bilal"]


async def test_an_invitation_arrives_live_on_the_invitees_own_channel(quick_daphnes, room, world):
    from .servers import open_socket

    server_a, _ = quick_daphnes
    group, cookies = room
    emma = await database_sync_to_async(User.objects.get)(username="emma")
    async with open_socket(server_a, cookies["emma"]) as notifications:
        await receive(notifications)
        await database_sync_to_async(services.group_invite)(
            group_id=group.pk, inviter=world.alice, invitee=emma
        )
        event = (await until(notifications, "group.invited"))[-1]
    assert event["group"]["name"] == "Math Wizards" and event["invited_by"]["name"] == "alice"
