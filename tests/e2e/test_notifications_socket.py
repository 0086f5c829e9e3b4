"""The user's notification socket, end to end: a real daphne, PostgreSQL and the Redis layer.

Answers are posted over plain HTTP (as a browser without JavaScript would) to the same
server; the socket must receive the `attempt.recorded` event published after commit.
"""

import asyncio
import json
import re

import pytest
from channels.db import database_sync_to_async
from django.conf import settings

from mastery.models import SkillProgress

from .servers import HttpClient, Practice, open_socket, ping, receive, refusal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@database_sync_to_async  # closes its connection after use, so the test DB can be dropped
def stored_mastery(p: Practice) -> int:
    return SkillProgress.objects.get(student_id=p.student_id, skill_id=p.skill_id).mastery


def page_mastery(html: str, skill_id: int) -> int:
    match = re.search(
        rf'data-skill-progress="{skill_id}".*?<span data-mastery-value>(\d+)</span>', html, re.S
    )
    assert match, "the page shows no mastery bar for the skill"
    return int(match.group(1))


async def test_an_answer_posted_over_http_arrives_on_the_socket(daphne, practice):
    async with open_socket(daphne, practice.cookies) as ws:
        state = await receive(ws)
        assert state["type"] == "state"
        assert state["seq"] == 0
        assert isinstance(state["state"], dict)

        await practice.answer(
            daphne, index=1, question_id=practice.choice_q, value=practice.choice_right
        )

        event = await receive(ws)
        assert event["type"] == "attempt.recorded"
        assert event["seq"] == 1
        assert event["attempt"]["question_id"] == practice.choice_q
        assert event["attempt"]["exercise_id"] == practice.exercise_id
        assert event["attempt"]["correct"] is True
        assert event["attempt"]["attempt_number"] == 1
        skill = event["skill"]
        assert skill["id"] == practice.skill_id
        assert (skill["attempts"], skill["correct"]) == (1, 1)
        assert skill["mastery"] > skill["mastery_before"]
        assert skill["mastery"] == await stored_mastery(practice)
        # The next page load shows the same number the socket carried.
        reloaded = await asyncio.to_thread(
            HttpClient(daphne.base_url, practice.cookies).get,
            f"/practice/{practice.exercise_id}/?q=1",
        )
        assert page_mastery(reloaded.text, practice.skill_id) == skill["mastery"]

        assert await ping(ws) == {"type": "pong", "seq": 1, "room_seq": 1}


async def test_the_answer_page_without_javascript_shows_the_new_mastery(daphne, practice):
    page = await practice.answer(
        daphne, index=1, question_id=practice.choice_q, value=practice.choice_right
    )
    assert page_mastery(page.text, practice.skill_id) == await stored_mastery(practice) > 0


@pytest.mark.parametrize(
    ("origin", "logged_in"),
    [
        pytest.param("http://evil.example", True, id="foreign-origin"),
        pytest.param(None, True, id="missing-origin"),
        pytest.param("same", False, id="anonymous"),
    ],
)
async def test_a_handshake_is_refused(daphne, practice, origin, logged_in):
    cookies = practice.cookies if logged_in else None
    expected = 4401 if origin == "same" else 403  # a close code once the Origin is fine
    assert await refusal(open_socket(daphne, cookies, origin=origin)) == expected

    # The control: the same server accepts the same user from its own origin.
    async with open_socket(daphne, practice.cookies) as ws:
        assert (await receive(ws))["type"] == "state"


async def test_a_reconnect_with_since_replays_exactly_the_missed_events(daphne, practice):
    async with open_socket(daphne, practice.cookies) as ws:
        assert (await receive(ws))["seq"] == 0
        await practice.answer(
            daphne, index=1, question_id=practice.choice_q, value=practice.choice_right
        )
        assert (await receive(ws))["seq"] == 1

    # Offline: three more attempts (a wrong try, its retry, a second try at question 1).
    missed = [
        (2, practice.numeric_q, practice.numeric_wrong, False, 1),
        (2, practice.numeric_q, practice.numeric_right, True, 2),
        (1, practice.choice_q, practice.choice_wrong, False, 2),
    ]
    for index, question_id, value, _, _ in missed:
        await practice.answer(daphne, index=index, question_id=question_id, value=value)

    async with open_socket(daphne, practice.cookies, query="?since=1") as ws:
        replayed = [await receive(ws) for _ in missed]
        assert [e["type"] for e in replayed] == ["attempt.recorded"] * 3
        assert [e["seq"] for e in replayed] == [2, 3, 4]
        assert [
            (e["attempt"]["question_id"], e["attempt"]["correct"], e["attempt"]["attempt_number"])
            for e in replayed
        ] == [(q, correct, number) for _, q, _, correct, number in missed]
        assert [e["skill"]["attempts"] for e in replayed] == [2, 3, 4]
        # Nothing else was queued (no snapshot, no duplicate): the next message is the pong.
        assert await ping(ws) == {"type": "pong", "seq": 4, "room_seq": 4}


async def test_oversized_and_malformed_messages_get_an_error_and_the_socket_lives(daphne, practice):
    limit = settings.LIVE_MAX_MESSAGE_BYTES
    async with open_socket(daphne, practice.cookies) as ws:
        assert (await receive(ws))["type"] == "state"

        # A valid ping padded past the limit: refused for its size, not its content.
        await ws.send('{"type": "ping"}' + " " * limit)
        error = await receive(ws)
        assert (error["type"], error["code"]) == ("error", "too_large")
        assert error["message"]

        await ws.send('{"type": "ping"')
        error = await receive(ws)
        assert (error["type"], error["code"]) == ("error", "invalid_message")
        assert error["message"]

        await ws.send(json.dumps({"type": "launch", "target": "moon"}))
        assert (await receive(ws))["code"] == "invalid_message"

        assert await ping(ws) == {"type": "pong", "seq": 0, "room_seq": 0}


async def test_the_size_limit_counts_bytes_not_characters(daphne, practice):
    limit = settings.LIVE_MAX_MESSAGE_BYTES
    # Fewer characters than the limit, but two bytes each in UTF-8.
    text = json.dumps({"type": "ping", "pad": "é" * (limit // 2 + 16)}, ensure_ascii=False)
    assert len(text) < limit < len(text.encode())
    async with open_socket(daphne, practice.cookies) as ws:
        assert (await receive(ws))["type"] == "state"
        await ws.send(text)
        error = await receive(ws)
        assert (error["type"], error["code"]) == ("error", "too_large")
        assert await ping(ws) == {"type": "pong", "seq": 0, "room_seq": 0}


@pytest.mark.parametrize("frame", [b'{"type": "ping"}', ""], ids=["binary", "empty-text"])
async def test_a_frame_without_text_gets_an_error_and_the_socket_lives(daphne, practice, frame):
    async with open_socket(daphne, practice.cookies) as ws:
        assert (await receive(ws))["type"] == "state"
        await ws.send(frame)
        error = await receive(ws)
        assert (error["type"], error["code"]) == ("error", "invalid_message")
        assert await ping(ws) == {"type": "pong", "seq": 0, "room_seq": 0}
