"""An attempt's follow-ups: one task written in the attempt's transaction, subscribers in
their configured order, each once, a failing one retried without holding up the others, and
one student's attempts followed up in the order they were recorded."""

import threading

import pytest
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs.models import FollowUpDone
from jobs.queue import RETRY_DELAYS
from jobs.testing import drain, pending
from mastery import services
from mastery.events import AttemptRecorded
from mastery.models import Attempt
from mastery.tasks import attempt_followups
from tests.factories import build_world, correct_choice
from tests.growth.helpers import numeric_exercise, skill_in

from . import subscribers
from .subscribers import ALL, SEEN, wrote


@pytest.fixture(autouse=True)
def _subscribers(settings):
    settings.ATTEMPT_RECORDED_SUBSCRIBERS = ALL
    SEEN.clear()
    subscribers.BROKEN.clear()
    yield
    SEEN.clear()
    subscribers.BROKEN.clear()


def _answer(world, **kwargs):
    question = world.choice_q
    return services.attempt_record(
        student=world.alice, question=question, answer=str(correct_choice(question).pk), **kwargs
    )


def _tasks():
    return DBTaskResult.objects.filter(task_path=attempt_followups.module_path)


@pytest.mark.django_db
def test_an_attempt_enqueues_one_task_carrying_what_the_student_saw(world):
    outcome = _answer(world)
    [row] = _tasks()
    event = AttemptRecorded.from_json(row.args_kwargs["kwargs"]["event"])
    assert event == services.attempt_event(outcome)
    assert (event.attempt_id, event.student_id, event.skill_id) == (
        outcome.attempt.pk,
        world.alice.pk,
        world.choice_q.exercise.skill_id,
    )
    assert (event.mastery_before, event.mastery_after) == (
        outcome.shown_before.percent,
        outcome.shown.percent,
    )
    assert event.key == f"attempt:{outcome.attempt.pk}"
    assert SEEN == []  # nothing ran yet: the answer did not wait for its follow-ups


@pytest.mark.django_db
def test_subscribers_run_in_their_configured_order(world, settings):
    settings.ATTEMPT_RECORDED_SUBSCRIBERS = list(reversed(ALL))
    attempt = _answer(world).attempt
    drain()
    assert [("third", attempt.pk), ("second", attempt.pk), ("first", attempt.pk)] == SEEN
    assert pending() == 0


@pytest.mark.django_db
def test_a_rolled_back_attempt_leaves_no_task(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        _answer(world)
        assert _tasks().count() == 1
        raise RuntimeError("the caller failed after recording")
    assert not Attempt.objects.exists()
    assert not _tasks().exists()
    assert drain() == 0 and SEEN == []


@pytest.mark.django_db
def test_an_idempotent_replay_enqueues_nothing(world):
    _answer(world, idempotency_key="k-1")
    again = _answer(world, idempotency_key="k-1")
    assert again.replayed
    assert _tasks().count() == 1


@pytest.mark.django_db
def test_the_same_task_run_twice_has_its_consequences_once(world):
    outcome = _answer(world)
    # A duplicate (a worker that died after the work but before marking the task done).
    attempt_followups.enqueue(event=services.attempt_event(outcome).to_json())
    assert drain() == 2
    pk = outcome.attempt.pk
    assert [("first", pk), ("second", pk), ("third", pk)] == SEEN
    assert [wrote(name) for name in ("first", "second", "third")] == [1, 1, 1]
    assert FollowUpDone.objects.filter(key=f"attempt:{pk}").count() == 3


@pytest.mark.django_db
def test_a_failing_subscriber_does_not_block_the_others_and_is_retried(world):
    subscribers.BROKEN.add("second")
    pk = _answer(world).attempt.pk
    drain()
    assert [("first", pk), ("third", pk)] == SEEN
    assert wrote("second") == 0  # its writes rolled back with it
    [retry] = _tasks().filter(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["retry"] == 1
    subscribers.BROKEN.clear()
    drain(include_deferred=True)
    assert [("first", pk), ("third", pk), ("second", pk)] == SEEN
    assert [wrote(name) for name in ("first", "second", "third")] == [1, 1, 1]
    assert pending() == 0


@pytest.mark.django_db
def test_a_subscriber_failing_every_time_leaves_the_task_failed_after_the_retries(world):
    subscribers.BROKEN.add("third")
    _answer(world)
    drain(include_deferred=True)
    runs = _tasks().order_by("enqueued_at")
    assert runs.count() == 1 + len(RETRY_DELAYS)
    last = runs.last()
    assert last.status == TaskResultStatus.FAILED
    assert last.exception_class_path == "jobs.followups.FollowUpsFailed"
    assert wrote("first") == wrote("second") == 1 and wrote("third") == 0


@pytest.mark.django_db(transaction=True)
def test_one_students_attempts_are_followed_up_in_order_by_several_workers():
    world = build_world()
    _, questions = numeric_exercise(skill_in(world.math, "order"), questions=6)
    ids = []
    for question in questions:
        outcome = services.attempt_record(
            student=world.alice,
            question=question,
            answer=str(question.numeric_answer),
            source=Attempt.Source.HOST,
            correct=True,
            time_spent_ms=10_000,
        )
        ids.append(outcome.attempt.pk)
    barrier = threading.Barrier(3)

    def worker():
        try:
            barrier.wait(timeout=10)
            drain()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    drain(include_deferred=True)  # whatever stepped back to wait for an earlier attempt
    assert [pk for name, pk in SEEN if name == "first"] == ids
    assert [pk for name, pk in SEEN if name == "third"] == ids
    assert pending() == 0
