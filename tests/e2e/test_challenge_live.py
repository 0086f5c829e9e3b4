"""A whole friendly challenge through real daphne processes, PostgreSQL and the Redis layer.

Alice plays on daphne A, Bilal on daphne B, their teacher watches on A. Halfway through,
daphne B is killed: Bilal reconnects to A with his last sequence number, gets exactly what
he missed, and the match finishes with the right score for everyone.
"""

import json
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone
from websockets.asyncio.client import connect

from challenges import services
from challenges.models import Challenge
from mastery.models import Attempt
from tests.factories import correct_choice, wrong_choice

from .servers import RECEIVE_TIMEOUT, kill_under, receive

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_challenge(server, cookies, challenge_id, since=None):
    query = f"?since={since}" if since is not None else ""
    return connect(
        server.ws_url(f"/ws/challenges/{challenge_id}/{query}"),
        origin=server.origin,
        additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        proxy=None,
        open_timeout=RECEIVE_TIMEOUT,
        close_timeout=2,
    )


async def until(ws, type_: str) -> list[dict]:
    seen = []
    while True:
        seen.append(await receive(ws))
        if seen[-1]["type"] == type_:
            return seen


async def send(ws, **message):
    await ws.send(json.dumps(message))


@pytest.fixture
def match(world, login):
    """An accepted speed challenge, the players' and the teacher's cookies, the answers."""
    challenge = services.challenge_invite(
        challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="speed"
    )
    challenge = services.challenge_respond(
        challenge_id=challenge.pk, player=world.bilal, accept=True
    )
    cookies = {u.username: login(u) for u in (world.alice, world.bilal, world.teacher_a)}
    answers = (str(correct_choice(world.choice_q).pk), str(wrong_choice(world.choice_q).pk))
    return challenge, cookies, answers


@database_sync_to_async
def end_countdown(challenge: Challenge) -> None:
    Challenge.objects.filter(pk=challenge.pk).update(
        starts_at=timezone.now() - timedelta(milliseconds=5)
    )


@database_sync_to_async
def stored(challenge: Challenge):
    challenge.refresh_from_db()
    return challenge, Attempt.objects.filter(source=Attempt.Source.CHALLENGE).count()


async def test_two_players_on_two_daphnes_and_an_observing_teacher(two_daphnes, world, match):
    server_a, server_b = two_daphnes
    challenge, cookies, (right_1, wrong_1) = match

    async with (
        open_challenge(server_a, cookies["alice"], challenge.pk) as alice,
        open_challenge(server_a, cookies["teacher_a"], challenge.pk) as teacher,
    ):
        bilal = await open_challenge(server_b, cookies["bilal"], challenge.pk).__aenter__()
        states = [await receive(ws) for ws in (alice, bilal, teacher)]
        assert [s["type"] for s in states] == ["state"] * 3
        assert [s["state"]["role"] for s in states] == ["player", "player", "observer"]

        await send(alice, type="ready")
        await send(bilal, type="ready")
        for ws in (alice, bilal, teacher):
            countdown = (await until(ws, "countdown"))[-1]
        assert countdown["seconds"] == 3
        await end_countdown(challenge)
        await send(alice, type="tick")
        for ws in (alice, bilal, teacher):
            question = (await until(ws, "question"))[-1]
        assert question["id"] == world.choice_q.pk and "correct" not in json.dumps(question)

        # A forged time and score is refused; the real answers are scored by the server.
        await send(alice, type="answer", question_id=world.choice_q.pk, answer=right_1, time_ms=1)
        assert (await receive(alice))["code"] == "invalid_message"
        await send(alice, type="answer", question_id=world.choice_q.pk, answer=right_1)
        await send(bilal, type="answer", question_id=world.choice_q.pk, answer=wrong_1)
        for ws in (alice, bilal, teacher):
            seen = await until(ws, "question")
            assert seen[-1]["id"] == world.numeric_q.pk
        closed = next(m for m in seen if m["type"] == "question.closed")
        assert closed["correct_answer"]["en"] == "12"
        scores = [m for m in seen if m["type"] == "score"][-1]["scores"]
        assert [(s["name"], s["correct"]) for s in scores] == [("alice", 1), ("bilal", 0)]
        bilal_last_seq = seen[-1]["seq"]

        # Daphne B dies with Bilal on it; Alice answers meanwhile.
        await kill_under(bilal, server_b)
        await send(alice, type="answer", question_id=world.numeric_q.pk, answer="7")
        missed = await until(teacher, "score")

        # Bilal reconnects to daphne A and gets exactly what he missed, then finishes.
        async with open_challenge(
            server_a, cookies["bilal"], challenge.pk, since=bilal_last_seq
        ) as bilal_again:
            replayed = [await receive(bilal_again) for _ in missed]
            assert replayed == missed
            assert [m["type"] for m in replayed] == ["answer.result", "score"]
            await send(bilal_again, type="answer", question_id=world.numeric_q.pk, answer="7")
            ends = [(await until(ws, "finished"))[-1] for ws in (alice, bilal_again, teacher)]

    assert ends[0] == ends[1] == ends[2]
    results = {r["name"]: r for r in ends[0]["results"]}
    assert (results["alice"]["correct"], results["bilal"]["correct"]) == (2, 1)
    assert (results["alice"]["outcome"], results["bilal"]["outcome"]) == ("won", "lost")
    assert ends[0]["winner_id"] == world.alice.pk
    saved, attempts = await stored(challenge)
    assert saved.status == Challenge.Status.FINISHED and saved.winner_id == world.alice.pk
    assert attempts == 4  # every answer is a mastery attempt, whoever won
