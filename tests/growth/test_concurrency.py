"""Concurrent attempts by one student, with real commits: each record and each learning moment
is created and celebrated once, the daily cap holds, and no update of the growth state is lost.

The attempts are on different skills, so mastery's own per-skill lock does not serialise them:
only the growth row lock does.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from growth import rules, services
from growth.models import GrowthState, PersonalBest, Recognition
from jobs.testing import drain
from live.models import RoomEvent
from live.rooms import user_room
from mastery import services as mastery_services
from tests.factories import build_world
from tests.growth.helpers import answer, numeric_exercise, skill_in

THREADS = 6


def _race(work):
    """Run work(i) for each thread at the same moment; return the errors."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(i):
        try:
            barrier.wait(timeout=10)
            work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _sheets(world):
    """One single-question exercise on each of THREADS fresh skills of Alice's subject."""
    return [
        numeric_exercise(skill_in(world.math, f"race-{i}"), questions=1, title=f"Race {i}")[1][0]
        for i in range(THREADS)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_new_accuracy_best_is_recorded_and_celebrated_once():
    world = build_world()
    _, warmup = numeric_exercise(world.skills[0], questions=rules.ACCURACY_WINDOW)
    yesterday = timezone.now() - timedelta(days=1)
    for i, question in enumerate(warmup):
        answer(world.alice, question, correct=i >= rules.ACCURACY_WINDOW // 2, at=yesterday)
    assert PersonalBest.objects.get(metric=rules.ACCURACY_RATE).value == 50
    questions = _sheets(world)

    errors = _race(lambda i: answer(world.alice, questions[i], follow_up=False))
    # Followed up by several workers at once; then whatever stepped back to wait its turn.
    errors += _race(lambda i: drain())
    drain(include_deferred=True)

    assert errors == []
    today = PersonalBest.objects.filter(metric=rules.ACCURACY_RATE).exclude(previous_value=None)
    [record] = today
    assert (record.value, record.previous_value) == (50 + 5 * THREADS, 50)
    celebrations = RoomEvent.objects.filter(
        room=user_room(world.alice.pk),
        type="personal_best.new",
        payload__best__metric=rules.ACCURACY_RATE,
    )
    assert celebrations.count() == 1
    # Every answer reached the growth state: none was lost to a concurrent write.
    state = GrowthState.objects.get(student=world.alice)
    assert state.first_tries.endswith("1" * THREADS)
    seqs = list(
        RoomEvent.objects.filter(room=user_room(world.alice.pk))
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert seqs == list(range(1, len(seqs) + 1))


@pytest.mark.django_db(transaction=True)
def test_the_daily_cap_holds_under_concurrent_self_corrections():
    world = build_world()
    questions = _sheets(world)
    for question in questions:
        answer(world.alice, question, correct=False)

    errors = _race(lambda i: answer(world.alice, questions[i]))
    # A follow-up that stepped back to keep the student's order runs once its turn comes.
    drain(include_deferred=True)

    assert errors == []
    assert Recognition.objects.filter(student=world.alice).count() == rules.RECOGNITIONS_PER_DAY
    sent = RoomEvent.objects.filter(room=user_room(world.alice.pk), type="recognition.new")
    assert sent.count() == rules.RECOGNITIONS_PER_DAY
    assert GrowthState.objects.get(student=world.alice).recognitions_today == (
        rules.RECOGNITIONS_PER_DAY
    )


@pytest.mark.django_db(transaction=True)
def test_a_learning_moment_is_created_once_when_the_same_answer_races():
    """Two tabs send the retry that completes a self-correction at the same moment."""
    world = build_world()
    _, [question] = numeric_exercise(world.skills[0], questions=1)
    answer(world.alice, question, correct=False)

    errors = _race(lambda i: answer(world.alice, question))

    assert errors == []
    assert Recognition.objects.filter(kind=rules.SELF_CORRECTION).count() == 1
    sent = RoomEvent.objects.filter(
        room=user_room(world.alice.pk),
        type="recognition.new",
        payload__recognition__kind=rules.SELF_CORRECTION,
    )
    assert sent.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_growth_lock_alone_serialises_a_students_attempts():
    """Race the follow-up itself, without the task's ordering of a student's attempts: still
    one celebration and no lost update."""
    world = build_world()
    _, warmup = numeric_exercise(world.skills[0], questions=rules.ACCURACY_WINDOW)
    yesterday = timezone.now() - timedelta(days=1)
    for i, question in enumerate(warmup):
        answer(world.alice, question, correct=i >= rules.ACCURACY_WINDOW // 2, at=yesterday)
    questions = _sheets(world)
    events = [
        mastery_services.attempt_event(answer(world.alice, q, follow_up=False)) for q in questions
    ]
    DBTaskResult.objects.all().delete()  # only the race below follows these attempts up

    errors = _race(lambda i: services.growth_after_attempt(event=events[i]))

    assert errors == []
    assert GrowthState.objects.get(student=world.alice).first_tries.endswith("1" * THREADS)
    records = PersonalBest.objects.filter(metric=rules.ACCURACY_RATE).exclude(previous_value=None)
    assert [(r.value, r.previous_value) for r in records] == [(50 + 5 * THREADS, 50)]
    celebrations = RoomEvent.objects.filter(
        type="personal_best.new", payload__best__metric=rules.ACCURACY_RATE
    )
    assert celebrations.count() == 1
