"""A teacher's feedback on a reflection reaches the student live, end to end: a real daphne,
PostgreSQL and the Redis layer.

1. Over plain HTTP (a browser without JavaScript): the teacher opens the reflection and posts
   the feedback form; the student's notification socket, open all along, must receive the
   `reflection.feedback` event published after commit, and nothing else.
2. In Chromium, with htmx and live.js: the student dismisses one invitation and reflects on
   another pass in place; the teacher answers from the inbox and sends an encouragement from
   the class list; the student's open page shows both without reloading, escaped.
"""

import asyncio
import re
from dataclasses import dataclass

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone

from mastery.models import ExerciseRun
from reflections.models import Encouragement, Reflection, ReflectionInvitationDismissal
from tests.factories import make_exercise

from .servers import HttpClient, Response, open_socket, ping, receive
from .test_browser_practice import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    assert_accessible,
    screenshot,
    wait_live,
)

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
        assert await ping(ws) == {"type": "pong", "seq": 1, "room_seq": 1}

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


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture
def chromium_path() -> str:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (`make test` installs Debian's package)")
    ARTIFACTS.mkdir(exist_ok=True)
    return CHROMIUM


@dataclass(frozen=True)
class Classroom:
    student_id: int
    dismissed_exercise: int
    dismissed_run: int
    reflected_exercise: int
    reflected_run: int
    student_cookies: dict[str, str]
    teacher_cookies: dict[str, str]


def _finished_run(student, exercise) -> ExerciseRun:
    now = timezone.now()
    return ExerciseRun.objects.create(
        student=student,
        exercise=exercise,
        started_at=now,
        finished_at=now,
        questions_total=2,
        questions_answered=2,
        first_try_correct=2,
        score=100,
    )


@pytest.fixture
def classroom(world, login) -> Classroom:
    """Alice has just finished two exercises; her maths teacher is teacher_a."""
    second, _, _ = make_exercise(world.skills[0], "Counting on")
    first_run = _finished_run(world.alice, world.exercise)
    second_run = _finished_run(world.alice, second)
    return Classroom(
        student_id=world.alice.pk,
        dismissed_exercise=world.exercise.pk,
        dismissed_run=first_run.pk,
        reflected_exercise=second.pk,
        reflected_run=second_run.pk,
        student_cookies=login(world.alice),
        teacher_cookies=login(world.teacher_a),
    )


@database_sync_to_async
def stored_state(room: Classroom) -> dict:
    reflection = Reflection.objects.get()
    return {
        "dismissed": list(ReflectionInvitationDismissal.objects.values_list("run_id", flat=True)),
        "run": reflection.run_id,
        "learned": reflection.what_i_learned,
        "confidence_after": reflection.confidence_after,
        "feedback": reflection.feedback,
        "preset": reflection.encouragement_preset,
        "encouragements": list(Encouragement.objects.values_list("student_id", "text")),
    }


def _browse(executable: str, base: str, room: Classroom) -> list[str]:
    """Both people's sessions in one browser; returns the JavaScript errors seen."""
    from playwright.sync_api import expect, sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:

            def open_page(cookies: dict[str, str]):
                context = browser.new_context(
                    locale="en-GB", viewport={"width": 1200, "height": 900}
                )
                context.set_default_timeout(TIMEOUT_MS)
                name = settings.SESSION_COOKIE_NAME
                context.add_cookies([{"name": name, "value": cookies[name], "url": base}])
                page = context.new_page()
                page.on("pageerror", lambda error: errors.append(str(error)))
                return page

            student = open_page(room.student_cookies)

            # "Not now" removes the invitation in place, and for good.
            student.goto(f"{base}/practice/{room.dismissed_exercise}/done/")
            student.evaluate("window.e2eMarker = 'dismiss'")
            student.locator("[data-dismiss-invite]").click()
            expect(student.locator("[data-reflection-invite]")).to_have_count(0)
            assert student.evaluate("window.e2eMarker") == "dismiss", "the page was reloaded"
            student.reload()
            expect(student.locator("[data-reflection-invite]")).to_have_count(0)

            # "Reflect now" opens the form in place; an empty form comes back with a message.
            student.goto(f"{base}/practice/{room.reflected_exercise}/done/")
            student.evaluate("window.e2eMarker = 'reflect'")
            student.locator("[data-reflection-invite] a.button").click()
            save = student.locator("form.reflection-form button[type=submit]")
            save.click()
            expect(student.locator(".notice[role=alert]")).to_contain_text(
                "Write a few words in at least one of the boxes."
            )
            student.fill("textarea[name=what_i_learned]", "<i>Counting on</i> from the bigger one")
            student.locator("#id_confidence_after_4").check()
            assert_accessible(student, "reflection-form")
            save.click()
            expect(student.locator("[data-reflection-saved]")).to_be_visible()
            assert student.evaluate("window.e2eMarker") == "reflect", "the page was reloaded"

            # The student waits on the portfolio, socket open.
            student.goto(f"{base}/reflections/")
            wait_live(student)
            student.evaluate("window.e2eMarker = 'portfolio'")

            # The teacher sees one new reflection, opens it and answers with htmx.
            teacher = open_page(room.teacher_cookies)
            teacher.goto(f"{base}/reflections/inbox/")
            expect(teacher.locator("[data-unread-reflections]")).to_have_text(re.compile("^1"))
            assert_accessible(teacher, "reflection-inbox")
            teacher.locator("[data-inbox-item] a").first.click()
            expect(teacher.locator("[data-unread-reflections]")).to_have_count(0)
            teacher.fill(
                "textarea[name=feedback]", "Starting from the <b>bigger</b> number is smart."
            )
            teacher.locator('input[name=encouragement_preset][value="strategy"]').check()
            teacher.locator("#feedback-panel button[type=submit]").click()
            expect(teacher.locator("[data-feedback-sent]")).to_be_visible()
            assert_accessible(teacher, "reflection-feedback")

            toast = student.locator("#toasts .toast", has_text="replied to your reflection")
            # Values filled in live are bidi isolates (U+2068 … U+2069).
            expect(toast).to_contain_text(
                re.compile("Counting on\u2069?: \u2068?Starting from the <b>bigger</b> number")
            )
            feedback = student.locator("[data-reflection-feedback]").first
            expect(feedback).to_contain_text("Starting from the <b>bigger</b> number is smart.")
            expect(feedback).to_contain_text("that strategy will serve you again")
            assert student.locator("[data-reflection-feedback] b").count() == 0

            # An encouragement from the class list, inline; an empty one is refused first.
            teacher.goto(f"{base}/reflections/encourage/")
            teacher.locator(f'[data-roster-student="{room.student_id}"] a.button').click()
            box = teacher.locator(f"#encourage-{room.student_id}")
            box.locator("button[type=submit]").click()
            expect(box.locator(".notice[role=alert]")).to_contain_text("Pick one of the")
            box.locator("[name=text]").fill("You never give up <3")
            box.locator("button[type=submit]").click()
            expect(box.locator("[data-encouragement-sent]")).to_be_visible()
            assert_accessible(teacher, "encourage")

            expect(
                student.locator("#toasts .toast", has_text="sent you encouragement")
            ).to_be_visible()
            message = student.locator("[data-teacher-messages] li").first
            expect(message).to_contain_text("You never give up <3")
            assert student.evaluate("window.e2eMarker") == "portfolio", "the page was reloaded"
            screenshot(student, "reflections-portfolio-live")
            assert_accessible(student, "reflections-portfolio")
        finally:
            browser.close()
    return errors


async def test_reflect_answer_and_encourage_in_the_browser(chromium_path, daphne, classroom):
    errors = await asyncio.to_thread(_browse, chromium_path, daphne.base_url, classroom)
    assert errors == [], f"JavaScript errors: {errors}"
    assert await stored_state(classroom) == {
        "dismissed": [classroom.dismissed_run],
        "run": classroom.reflected_run,
        "learned": "<i>Counting on</i> from the bigger one",
        "confidence_after": 5,
        "feedback": "Starting from the <b>bigger</b> number is smart.",
        "preset": "strategy",
        "encouragements": [(classroom.student_id, "You never give up <3")],
    }
