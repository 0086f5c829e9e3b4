"""A teacher's feedback on a reflection reaches the student live, end to end: a real daphne,
PostgreSQL and the Redis layer.

The teacher opens the reflection and posts the feedback form over plain HTTP (as a browser
without JavaScript would); the student's notification socket, open all along, must receive
the `reflection.feedback` event published after commit, and nothing else.
"""

import asyncio
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async

from reflections.models import Reflection

from .servers import HttpClient, Response, open_socket, ping, receive

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FEEDBACK = 'Drawing a number line was a smart move. <b>Keep</b> "explaining" your steps!'


@dataclass(frozen=True)
class Scene:
    reflection_id: int
    exercise_id: int
    student_id: int
    teacher_id: int
    teacher_name: str
    student_cookies: dict[str, str]
    teacher_cookies: dict[str, str]


@pytest.fixture
def scene(world, login) -> Scene:
    world.exercise.title_fr = "Entraînement"
    world.exercise.title_ar = "تمرين"
    world.exercise.save()
    world.teacher_a.display_name = "Mme Benali"
    world.teacher_a.save()
    reflection = Reflection.objects.create(
        student=world.alice,
        exercise=world.exercise,
        subject=world.math,
        what_i_learned="Counting on from the bigger number is faster.",
        confidence_before=2,
        confidence_after=4,
    )
    return Scene(
        reflection_id=reflection.pk,
        exercise_id=world.exercise.pk,
        student_id=world.alice.pk,
        teacher_id=world.teacher_a.pk,
        teacher_name="Mme Benali",
        student_cookies=login(world.alice),
        teacher_cookies=login(world.teacher_a),
    )


@database_sync_to_async  # closes its connection after use, so the test DB can be dropped
def stored(reflection_id: int) -> Reflection:
    return Reflection.objects.get(pk=reflection_id)


def give_feedback(base_url: str, scene: Scene) -> tuple[Response, Response]:
    """What the teacher's browser does without JavaScript: open the reflection, post the form."""
    teacher = HttpClient(base_url, scene.teacher_cookies)
    path = f"/reflections/{scene.reflection_id}/"
    page = teacher.get(path)
    assert page.status == 200, f"reflection page: HTTP {page.status}\n{page.text[:2000]}"
    assert f"/reflections/{scene.reflection_id}/feedback/" in page.text
    response = teacher.post(
        f"{path}feedback/",
        {
            "csrfmiddlewaretoken": page.csrf_field(),
            "feedback": FEEDBACK,
            "encouragement_preset": "strategy",
            "encouragement_text": "",
        },
        headers={
            "X-CSRFToken": teacher.cookies.get("csrftoken", ""),
            "Origin": base_url,
            "Referer": base_url + path,
        },
    )
    return page, response


async def test_feedback_posted_over_http_reaches_the_student_socket(daphne, scene):
    async with open_socket(daphne, scene.student_cookies) as ws:
        state = await receive(ws)
        assert (state["type"], state["seq"]) == ("state", 0)

        page, response = await asyncio.to_thread(give_feedback, daphne.base_url, scene)
        assert response.status == 302, f"feedback: HTTP {response.status}\n{response.text[:2000]}"
        assert response.headers["Location"] == f"/reflections/{scene.reflection_id}/?sent=1"

        event = await receive(ws)
        assert event == {
            "type": "reflection.feedback",
            "seq": 1,
            "reflection": {
                "id": scene.reflection_id,
                "exercise_id": scene.exercise_id,
                "exercise_title": {"ar": "تمرين", "fr": "Entraînement", "en": "Practice"},
            },
            "teacher": {"id": scene.teacher_id, "name": scene.teacher_name},
            "feedback": FEEDBACK,  # user text travels as-is; pages and live.js escape it
            "encouragement": {"preset": "strategy", "text": ""},
        }
        # Exactly one event: the next message on the socket is the pong.
        assert await ping(ws) == {"type": "pong", "seq": 1}

    reflection = await stored(scene.reflection_id)
    assert reflection.feedback == FEEDBACK
    assert reflection.feedback_by_id == scene.teacher_id
    assert reflection.teacher_read_at is not None
    assert reflection.teacher_read_at <= reflection.feedback_at

    # The student's portfolio, reloaded, shows the same feedback, escaped.
    portfolio = await asyncio.to_thread(
        HttpClient(daphne.base_url, scene.student_cookies).get, "/reflections/"
    )
    assert portfolio.status == 200
    assert "&lt;b&gt;Keep&lt;/b&gt; &quot;explaining&quot;" in portfolio.text
    assert "<b>Keep</b>" not in portfolio.text
