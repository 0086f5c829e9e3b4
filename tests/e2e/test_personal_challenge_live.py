"""A personal challenge completed through the practice flow is celebrated on the student's
notification socket: real daphne, PostgreSQL and the Redis layer, answers posted over HTTP."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from personal_challenges import services
from personal_challenges.models import PersonalChallenge
from tests.growth.helpers import run_through

from .servers import Practice, open_socket, ping, receive

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPLETED = "personal_challenge.completed"


@pytest.fixture
def score_goal(world, practice) -> PersonalChallenge:
    """Alice finished the exercise once with 0% (both questions right only on a retry) and
    set herself the goal of 100%."""
    run_through(world.alice, [world.choice_q, world.numeric_q], wrong_first=2)
    return services.personal_challenge_create(
        student=world.alice, kind="beat_score", exercise=world.exercise, target=100
    )


@database_sync_to_async
def stored(challenge_id: int) -> PersonalChallenge:
    return PersonalChallenge.objects.get(pk=challenge_id)


async def events_until_quiet(ws) -> list[dict]:
    """Every event the socket receives until it has been quiet for a second."""
    seen = []
    while True:
        try:
            async with asyncio.timeout(1.5):
                seen.append(await receive(ws))
        except TimeoutError:
            return seen


async def test_completing_a_challenge_reaches_the_students_socket_once(
    daphne, practice: Practice, score_goal
):
    async with open_socket(daphne, practice.cookies) as ws:
        state = await receive(ws)
        assert state["type"] == "state"
        start = state["seq"]
        await practice.answer(
            daphne, index=1, question_id=practice.choice_q, value=practice.choice_right
        )
        first = await events_until_quiet(ws)
        assert [e for e in first if e["type"] == COMPLETED] == []
        assert (await stored(score_goal.pk)).status == PersonalChallenge.Status.ACTIVE

        await practice.answer(
            daphne, index=2, question_id=practice.numeric_q, value=practice.numeric_right
        )
        second = await events_until_quiet(ws)
        [event] = [e for e in second if e["type"] == COMPLETED]
        assert event["challenge"]["id"] == score_goal.pk
        assert (event["challenge"]["kind"], event["challenge"]["progress"]) == ("beat_score", 100)
        assert event["exercise"]["id"] == practice.exercise_id
        assert event["reflect_url"] == f"/personal-challenges/{score_goal.pk}/reflect/"
        seqs = [e["seq"] for e in first + second]
        assert seqs == list(range(start + 1, start + 1 + len(seqs)))  # nothing missed
        assert (await ping(ws))["seq"] == seqs[-1]
        challenge = await stored(score_goal.pk)
        assert challenge.status == PersonalChallenge.Status.COMPLETED

    # A tab that was closed gets the celebration when it resumes, still exactly once.
    async with open_socket(daphne, practice.cookies, query=f"?since={event['seq'] - 1}") as ws:
        replayed = await events_until_quiet(ws)
        assert [e["seq"] for e in replayed if e["type"] == COMPLETED] == [event["seq"]]
