"""Peer-help chats through real daphne processes, PostgreSQL and the Redis layer.

Alice asks, Bilal helps, their teacher reads along. Bilal's daphne is killed mid-chat: he
reconnects to the other one with his last sequence number and gets exactly the lines he
missed, in order, then the chat goes on. Outsiders are refused (4401, 4403; a foreign Origin: 403).
"""

import json

import pytest
from channels.db import database_sync_to_async
from django.conf import settings

from peerhelp.models import HelpMessage
from tests.peerhelp.helpers import classmate, session, willing

from .servers import kill_under, open_socket, ping, receive, refusal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_chat(server, cookies, request_id, *, since=None, origin="same"):
    query = f"?since={since}" if since is not None else ""
    return open_socket(
        server, cookies, origin=origin, query=query, path=f"/ws/peer-help/{request_id}/"
    )


async def say(ws, text):
    await ws.send(json.dumps({"type": "say", "text": text}))


async def until(ws, type_: str) -> list[dict]:
    seen = []
    while True:
        seen.append(await receive(ws))
        if seen[-1]["type"] == type_:
            return seen


@database_sync_to_async
def stored_lines(request_id: int) -> list[tuple[str, str]]:
    return list(
        HelpMessage.objects.filter(request_id=request_id)
        .order_by("pk")
        .values_list("author__username", "text")
    )


@pytest.fixture
def chat(world, login):
    request = session(world)
    dina = willing(classmate(world), world.skills[0])
    people = (world.alice, world.bilal, world.teacher_a, world.teacher_b, world.chloe, dina)
    return request, {u.username: login(u) for u in people}


async def test_chat_order_and_no_loss_across_a_reconnect(two_daphnes, chat):
    server_a, server_b = two_daphnes
    request, cookies = chat
    async with (
        open_chat(server_a, cookies["alice"], request.pk) as alice,
        open_chat(server_a, cookies["teacher_a"], request.pk) as teacher,
    ):
        bilal = await open_chat(server_b, cookies["bilal"], request.pk).__aenter__()
        states = [await receive(ws) for ws in (alice, bilal, teacher)]
        assert [s["state"]["role"] for s in states] == ["requester", "helper", "observer"]
        assert states[0]["state"]["status"] == "accepted"
        assert states[0]["state"]["question"] == "Why do we carry the 1 in 17 + 5?"

        # The two speak on two processes: each waits to hear the other, as people do, so
        # the room's order is the conversation's order.
        lines = {ws: [] for ws in (alice, bilal, teacher)}
        for speaker, text in (
            (alice, "Hi Bilal, I am stuck on 17 + 5"),
            (bilal, "Start with 7 + 5: how much is it?"),
        ):
            await say(speaker, text)
            for ws in lines:
                lines[ws].append(await receive(ws))
        for received in lines.values():
            assert [m["message"]["text"] for m in received] == [
                "Hi Bilal, I am stuck on 17 + 5",
                "Start with 7 + 5: how much is it?",
            ]
            assert [m["seq"] for m in received] == [received[0]["seq"], received[0]["seq"] + 1]
        lines = lines[bilal]
        last_seen = lines[-1]["seq"]

        # Bilal's daphne dies; Alice keeps typing.
        await kill_under(bilal, server_b)
        missed_texts = ["12!", "So I write 2 and carry 1?", "<b>and then 1 + 1 = 2</b>"]
        for text in missed_texts:
            await say(alice, text)
        missed = [await receive(teacher) for _ in missed_texts]
        assert [await receive(alice) for _ in missed_texts] == missed

        async with open_chat(server_a, cookies["bilal"], request.pk, since=last_seen) as again:
            replayed = [await receive(again) for _ in missed_texts]
            assert replayed == missed
            assert [m["message"]["text"] for m in replayed] == missed_texts
            assert [m["seq"] for m in replayed] == list(range(last_seen + 1, last_seen + 4))
            assert await ping(again) == {
                "type": "pong",
                "seq": last_seen + 3,
                "room_seq": last_seen + 3,
            }  # nothing more
            await say(again, "Yes: 22. Well done!")
            for ws in (alice, again, teacher):
                assert (await until(ws, "message"))[-1]["message"]["text"] == "Yes: 22. Well done!"

            await again.send(json.dumps({"type": "done"}))
            for ws in (alice, again, teacher):
                done = await until(ws, "completed")
                assert done[-1]["completed_by"]["name"] == "bilal"
            await say(alice, "one more thing")
            assert (await receive(alice))["code"] == "not_available"

    assert await stored_lines(request.pk) == [
        ("alice", "Hi Bilal, I am stuck on 17 + 5"),
        ("bilal", "Start with 7 + 5: how much is it?"),
        *(("alice", text) for text in missed_texts),
        ("bilal", "Yes: 22. Well done!"),
    ]


async def test_a_fresh_page_gets_the_whole_chat_so_far(daphne, chat):
    request, cookies = chat
    async with open_chat(daphne, cookies["alice"], request.pk) as alice:
        await receive(alice)
        for n in range(3):
            await say(alice, f"line {n}")
            await receive(alice)
    async with open_chat(daphne, cookies["bilal"], request.pk) as bilal:
        state = await receive(bilal)
        assert state["type"] == "state" and state["seq"] == 4  # accepted + 3 lines
        assert [m["text"] for m in state["state"]["messages"]] == ["line 0", "line 1", "line 2"]


@pytest.mark.parametrize(
    ("who", "origin"),
    [
        pytest.param("chloe", "same", id="another-class"),
        pytest.param("dina", "same", id="classmate-not-in-the-session"),
        pytest.param("teacher_b", "same", id="teacher-of-another-class"),
        pytest.param(None, "same", id="anonymous"),
        pytest.param("alice", "http://evil.example", id="foreign-origin"),
        pytest.param("alice", None, id="missing-origin"),
    ],
)
async def test_outsiders_are_refused(daphne, chat, who, origin):
    request, cookies = chat
    expected = 403 if origin != "same" else (4403 if who else 4401)
    refused = await refusal(
        open_chat(daphne, cookies[who] if who else None, request.pk, origin=origin)
    )
    assert refused == expected
    # The control: a participant from the page's own origin is let in.
    async with open_chat(daphne, cookies["alice"], request.pk) as ws:
        assert (await receive(ws))["type"] == "state"


async def test_an_unknown_session_is_refused(daphne, chat):
    _, cookies = chat
    assert await refusal(open_chat(daphne, cookies["alice"], 999_999)) == 4403


async def test_the_teacher_reads_live_but_cannot_write(daphne, chat):
    request, cookies = chat
    async with (
        open_chat(daphne, cookies["teacher_a"], request.pk) as teacher,
        open_chat(daphne, cookies["alice"], request.pk) as alice,
    ):
        assert (await receive(teacher))["state"]["role"] == "observer"
        await receive(alice)
        await say(teacher, "hello class")
        refused = await receive(teacher)
        assert (refused["type"], refused["code"]) == ("error", "read_only")
        await teacher.send(json.dumps({"type": "done"}))
        assert (await receive(teacher))["code"] == "read_only"
        await say(alice, "Is anyone there?")
        assert (await receive(teacher))["message"]["text"] == "Is anyone there?"
    assert await stored_lines(request.pk) == [("alice", "Is anyone there?")]


async def test_size_limits_and_forged_fields_are_refused_and_change_nothing(daphne, chat):
    request, cookies = chat
    async with open_chat(daphne, cookies["alice"], request.pk) as alice:
        await receive(alice)
        await say(alice, "x" * 1001)
        assert (await receive(alice))["code"] == "invalid_message"
        await alice.send(json.dumps({"type": "say", "text": "y" * settings.LIVE_MAX_MESSAGE_BYTES}))
        assert (await receive(alice))["code"] == "too_large"
        await alice.send(json.dumps({"type": "say", "text": "hi", "author_id": 1}))
        assert (await receive(alice))["code"] == "invalid_message"
        await say(alice, "   ")
        assert (await receive(alice))["code"] == "invalid_request"
        assert await ping(alice) == {"type": "pong", "seq": 1, "room_seq": 1}
    assert await stored_lines(request.pk) == []


async def test_a_flood_is_rate_limited_and_only_accepted_lines_are_stored(daphne, chat):
    request, cookies = chat
    sent = settings.LIVE_RATE_BURST + 10
    async with open_chat(daphne, cookies["alice"], request.pk) as alice:
        await receive(alice)
        for n in range(sent):
            await say(alice, f"flood {n}")
        replies = [await receive(alice) for _ in range(sent)]
    limited = [r for r in replies if r["type"] == "error"]
    echoed = [r["message"]["text"] for r in replies if r["type"] == "message"]
    assert limited and all(r["code"] == "rate_limited" for r in limited)
    assert len(limited) + len(echoed) == sent
    assert [text for _, text in await stored_lines(request.pk)] == echoed
