"""Class goals move live, end to end: two real daphne processes, PostgreSQL and the Redis
layer. Students answer over HTTP on one server; the class room's sockets (a classmate on the
same server, the teacher on the other) see the goal move and the class reach it, once."""

import dataclasses
import json

import pytest
from channels.db import database_sync_to_async

from classgoals.models import ClassMilestone
from tests.classgoals.helpers import make_goal

from .servers import open_socket, receive, refusal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def class_socket(server, class_id, cookies, *, origin="same", query=""):
    return open_socket(server, cookies, origin=origin, query=query, path=f"/ws/classes/{class_id}/")


async def finish(server, practice):
    await practice.answer(
        server, index=1, question_id=practice.choice_q, value=practice.choice_right
    )
    await practice.answer(
        server, index=2, question_id=practice.numeric_q, value=practice.numeric_right
    )


@database_sync_to_async
def milestones(goal_id):
    return list(ClassMilestone.objects.filter(goal_id=goal_id).values_list("value", flat=True))


async def test_the_class_sees_its_goal_move_and_celebrates_once(
    two_daphnes, world, practice, login
):
    a, b = two_daphnes
    goal = await database_sync_to_async(make_goal)(world, target=2)
    class_id = world.class_a.pk
    bilal = dataclasses.replace(
        practice,
        student_id=world.bilal.pk,
        cookies=await database_sync_to_async(login)(world.bilal),
    )
    teacher = await database_sync_to_async(login)(world.teacher_a)
    async with (
        class_socket(a, class_id, bilal.cookies) as classmate,
        class_socket(b, class_id, teacher) as watcher,
    ):
        for ws in (classmate, watcher):
            state = await receive(ws)
            assert state["type"] == "state"
            [snapshot] = state["state"]["goals"]
            assert (snapshot["id"], snapshot["value"], snapshot["remaining"]) == (goal.pk, 0, 2)

        await finish(a, practice)  # alice completes one exercise
        for ws in (classmate, watcher):
            event = await receive(ws)
            assert event["type"] == "goal.progress"
            assert (event["goal"]["value"], event["goal"]["remaining"]) == (1, 1)

        await finish(a, bilal)  # bilal completes one: the class reaches the goal
        for ws in (classmate, watcher):
            progress, reached = await receive(ws), await receive(ws)
            assert progress["type"] == "goal.progress" and progress["goal"]["reached"] is True
            assert reached["type"] == "goal.reached"
            assert reached["seq"] == progress["seq"] + 1
            assert reached["milestone"]["unlocked"]["en"] == (
                "The class chooses the next project topic"
            )

        await finish(a, practice)  # beyond the target: nothing more is sent
        await classmate.send(json.dumps({"type": "ping"}))
        assert (await receive(classmate))["type"] == "pong"
    assert await milestones(goal.pk) == [2]


@pytest.mark.parametrize(
    ("who", "origin"),
    [
        pytest.param("chloe", "same", id="student-of-another-class"),
        pytest.param("teacher_b", "same", id="teacher-of-another-class"),
        pytest.param(None, "same", id="anonymous"),
        pytest.param("alice", "http://evil.example", id="foreign-origin"),
    ],
)
async def test_outsiders_are_refused(daphne, world, login, who, origin):
    cookies = await database_sync_to_async(login)(getattr(world, who)) if who else None
    expected = 403 if origin != "same" else (4403 if who else 4401)
    assert await refusal(class_socket(daphne, world.class_a.pk, cookies, origin=origin)) == expected
    # The control: a student of the class is accepted.
    alice = await database_sync_to_async(login)(world.alice)
    async with class_socket(daphne, world.class_a.pk, alice) as ws:
        assert (await receive(ws))["type"] == "state"
