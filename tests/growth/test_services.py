"""Growth after real attempts, recorded through mastery.services.attempt_record."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from growth import rules, services
from growth.models import GrowthState, PersonalBest, Recognition, RushingFlag
from jobs.testing import drain, pending
from live.models import RoomEvent
from live.rooms import user_room
from mastery import services as mastery_services
from mastery.models import Attempt
from tests.growth.helpers import answer, local_noon, numeric_exercise, run_through

pytestmark = pytest.mark.django_db


def events_of(user, type_):
    return list(RoomEvent.objects.filter(room=user_room(user.pk), type=type_).order_by("seq"))


# --- exercise score ------------------------------------------------------------------------------


def test_first_pass_is_a_baseline_and_a_better_pass_is_celebrated_once(world):
    exercise, questions = numeric_exercise(world.skills[0], questions=4, title="Fractions")
    run_through(world.alice, questions, wrong_first=3)  # 25 %
    baseline = PersonalBest.objects.get(metric=rules.EXERCISE_SCORE)
    assert (baseline.value, baseline.previous_value, baseline.celebrated_at) == (25, None, None)
    assert events_of(world.alice, "personal_best.new") == []

    run_through(world.alice, questions, wrong_first=1)  # 75 %
    record = PersonalBest.objects.filter(metric=rules.EXERCISE_SCORE).latest("achieved_at")
    assert (record.value, record.previous_value, record.improvement) == (75, 25, 50)
    assert record.exercise == exercise and record.celebrated_at is not None
    [event] = events_of(world.alice, "personal_best.new")
    assert event.payload["best"] == {
        "id": record.pk,
        "metric": "exercise_score",
        "value": 75,
        "previous": 25,
        "improvement": 50,
        "period": record.period,
    }
    assert event.payload["exercise"]["name"] == {
        "ar": "Fractions (ar)",
        "fr": "Fractions (fr)",
        "en": "Fractions",
    }

    run_through(world.alice, questions, wrong_first=1)  # 75 % again: not a new best
    assert PersonalBest.objects.filter(metric=rules.EXERCISE_SCORE).count() == 2
    assert len(events_of(world.alice, "personal_best.new")) == 1


def test_a_best_event_follows_the_attempt_event_in_the_same_room(world):
    _, questions = numeric_exercise(world.skills[0], questions=2)
    run_through(world.alice, questions, wrong_first=1)
    run_through(world.alice, questions)
    types = list(
        RoomEvent.objects.filter(room=user_room(world.alice.pk))
        .order_by("seq")
        .values_list("type", flat=True)
    )
    assert types.count("personal_best.new") == 1
    # The attempt's own events (its record, then any skill it opened) come first.
    before = [t for t in types[: types.index("personal_best.new")] if t != "skill.unlocked"]
    assert before[-1] == "attempt.recorded"


# --- accuracy and streak -------------------------------------------------------------------------


def test_accuracy_baseline_after_twenty_first_tries_then_a_record(world):
    _, questions = numeric_exercise(world.skills[0], questions=22)
    yesterday = timezone.now() - timedelta(days=1)
    for i, question in enumerate(questions[:20]):
        answer(world.alice, question, correct=i >= 10, at=yesterday)
    baseline = PersonalBest.objects.get(metric=rules.ACCURACY_RATE)
    assert (baseline.value, baseline.previous_value) == (50, None)
    answer(world.alice, questions[20])
    answer(world.alice, questions[21])
    record = PersonalBest.objects.filter(metric=rules.ACCURACY_RATE).latest("achieved_at")
    assert (record.value, record.previous_value) == (60, 50)  # raised from 55 the same day
    bests = [e.payload["best"] for e in events_of(world.alice, "personal_best.new")]
    assert [(b["metric"], b["value"], b["previous"]) for b in bests] == [("accuracy_rate", 55, 50)]


def test_three_days_in_a_row_is_regular_practice(world):
    _, questions = numeric_exercise(world.skills[0], questions=3)
    today = timezone.localdate()
    for offset, question in zip((2, 1, 0), questions, strict=True):
        answer(world.alice, question, at=local_noon(today - timedelta(days=offset)))
    moment = Recognition.objects.get(kind=rules.PRACTICED_REGULARLY)
    assert moment.params == {"days": 3}
    state = GrowthState.objects.get(student=world.alice)
    assert state.streak_days == 3
    streak = PersonalBest.objects.get(metric=rules.STREAK_LENGTH)
    assert (streak.value, streak.previous_value) == (3, None)  # the first streak is a baseline


# --- recognitions --------------------------------------------------------------------------------


def test_self_correction_is_recognised_and_sent_live(world):
    exercise, questions = numeric_exercise(world.skills[0], questions=2, title="Sums")
    answer(world.alice, questions[0], correct=False, seconds=20)
    outcome = answer(world.alice, questions[0], seconds=15)
    moment = Recognition.objects.get(kind=rules.SELF_CORRECTION)
    assert moment.exercise == exercise and moment.question == questions[0]
    assert moment.is_private and moment.shared_with_teacher
    assert moment.achieved_at == outcome.attempt.answered_at
    [event] = events_of(world.alice, "recognition.new")
    assert event.payload["recognition"] == {
        "id": moment.pk,
        "kind": "self_correction",
        "params": moment.params,
    }
    assert event.payload["exercise"]["name"]["fr"] == "Sums (fr)"
    assert event.payload["skill"]["id"] == world.skills[0].pk


def test_no_self_correction_with_a_hint(world):
    _, questions = numeric_exercise(world.skills[0], questions=1)
    answer(world.alice, questions[0], correct=False, hint=True)
    answer(world.alice, questions[0], hint=True)
    assert not Recognition.objects.filter(kind=rules.SELF_CORRECTION).exists()


def test_each_kind_at_most_once_per_exercise(world):
    _, questions = numeric_exercise(world.skills[0], questions=3)
    for question in questions:
        answer(world.alice, question, correct=False)
        answer(world.alice, question)
    assert Recognition.objects.filter(kind=rules.SELF_CORRECTION).count() == 1
    kinds = [e.payload["recognition"]["kind"] for e in events_of(world.alice, "recognition.new")]
    assert kinds.count(rules.SELF_CORRECTION) == 1


def test_daily_cap(world):
    for i in range(rules.RECOGNITIONS_PER_DAY + 2):
        _, [question] = numeric_exercise(world.skills[0], questions=1, title=f"Sheet {i}")
        answer(world.alice, question, correct=False)
        answer(world.alice, question)
    assert Recognition.objects.count() == rules.RECOGNITIONS_PER_DAY
    assert len(events_of(world.alice, "recognition.new")) == rules.RECOGNITIONS_PER_DAY


def test_tackling_an_exercise_above_the_students_level(world):
    _, [question] = numeric_exercise(world.skills[0], questions=1, difficulty="advanced")
    answer(world.alice, question)
    moment = Recognition.objects.get(kind=rules.FACED_CHALLENGE)
    assert moment.params["difficulty"] == "advanced"


def test_persistence_when_coming_back_to_a_hard_question(world):
    _, [question] = numeric_exercise(world.skills[0], questions=1, difficulty="advanced")
    earlier = timezone.now() - timedelta(hours=3)
    answer(world.alice, question, correct=False, at=earlier)
    answer(world.alice, question, correct=False, at=earlier + timedelta(minutes=1))
    answer(world.alice, question)
    moment = Recognition.objects.get(kind=rules.PERSISTENCE)
    assert moment.params == {"tries": 3}
    # Right straight after the worked solution was shown is not persistence.
    _, [other] = numeric_exercise(world.skills[0], questions=1, difficulty="advanced")
    answer(world.bilal, other, correct=False)
    answer(world.bilal, other, correct=False)
    answer(world.bilal, other)
    assert not Recognition.objects.filter(student=world.bilal, kind=rules.PERSISTENCE).exists()


def test_deep_thinking_against_own_median(world):
    _, questions = numeric_exercise(world.skills[0], questions=rules.MEDIAN_MIN_SAMPLES)
    for question in questions:
        answer(world.alice, question, seconds=20)
    _, [hard] = numeric_exercise(world.skills[0], questions=1, difficulty="expert")
    answer(world.alice, hard, seconds=75)
    moment = Recognition.objects.get(kind=rules.DEEP_THINKING)
    assert moment.params["usual_seconds"] == 20 and 74 <= moment.params["seconds"] <= 76


def test_improved_strategy_on_a_later_pass(world):
    exercise, questions = numeric_exercise(world.skills[0], questions=3)
    run_through(world.alice, questions, wrong_first=2, hints=2)
    assert not Recognition.objects.filter(kind=rules.IMPROVED_STRATEGY).exists()
    run_through(world.alice, questions, wrong_first=0)
    moment = Recognition.objects.get(kind=rules.IMPROVED_STRATEGY)
    assert moment.exercise == exercise
    assert moment.params == {"score": 100, "previous_score": 33, "help": 0, "previous_help": 4}


# --- rushing -------------------------------------------------------------------------------------


def test_rushing_earns_nothing_and_is_flagged_for_the_teacher(world):
    _, questions = numeric_exercise(world.skills[0], questions=8, difficulty="expert")
    for i, question in enumerate(questions):
        # Clicking through: mostly wrong, the odd lucky guess (on an expert sheet, so a right
        # answer would otherwise count as tackling a challenge).
        answer(world.alice, question, correct=i % 4 == 3, seconds=2)
    flag = RushingFlag.objects.get(student=world.alice)
    assert flag.day == timezone.localdate()
    # The rule trips at the fifth fast answer, which brings the four before it onto the flag.
    assert (flag.answers, flag.wrong) == (8, 6)
    assert not Recognition.objects.exists()


def test_careful_answers_after_rushing_earn_again(world):
    _, questions = numeric_exercise(world.skills[0], questions=6)
    for question in questions[:5]:
        answer(world.alice, question, correct=False, seconds=1)
    assert RushingFlag.objects.filter(student=world.alice).exists()
    answer(world.alice, questions[5], correct=False, seconds=30)
    answer(world.alice, questions[5], seconds=30)
    assert Recognition.objects.filter(kind=rules.SELF_CORRECTION).exists()


# --- transactions, replays, cost -----------------------------------------------------------------


def test_a_failure_in_growth_keeps_the_attempt_and_is_retried(world, monkeypatch):
    _, [question] = numeric_exercise(world.skills[0], questions=1)
    answer(world.alice, question, correct=False)

    def boom(*args, **kwargs):
        raise RuntimeError("growth failed")

    with monkeypatch.context() as patch:
        patch.setattr(services, "_publish_recognition", boom)
        answer(world.alice, question)  # the follow-up fails: the answer itself stands
    assert Attempt.objects.count() == 2
    assert not Recognition.objects.exists()
    assert not RoomEvent.objects.filter(type="recognition.new").exists()
    assert pending() == 1  # the retry
    drain(include_deferred=True)
    assert Recognition.objects.count() == 1
    assert RoomEvent.objects.filter(type="recognition.new").count() == 1


def test_an_idempotent_replay_is_not_counted_twice(world):
    kwargs = {
        "student": world.alice,
        "question": world.numeric_q,
        "answer": "7",
        "source": Attempt.Source.HOST,
        "correct": True,
        "time_spent_ms": 20_000,
        "client": None,
        "idempotency_key": "host-1",
    }
    mastery_services.attempt_record(**kwargs)
    drain()
    before = GrowthState.objects.get(student=world.alice).first_tries
    outcome = mastery_services.attempt_record(**kwargs)
    assert outcome.replayed
    assert pending() == 0  # a replay has no follow-up
    drain()
    assert GrowthState.objects.get(student=world.alice).first_tries == before == "1"


def _follow_up_queries(student, question) -> int:
    """Queries of the answer's follow-ups (not of the answer): a wrong first try earns
    nothing, so only growth's fixed cost shows. Savepoints are the test's, not production's."""
    answer(student, question, correct=False, follow_up=False)
    with CaptureQueriesContext(connection) as queries:
        drain()
    return sum("SAVEPOINT" not in q["sql"] for q in queries.captured_queries)


def _hook_cost(world, questions, settings) -> tuple[int, int]:
    """(queries of the follow-up task with growth subscribed, of which growth's own)."""
    settings.ATTEMPT_RECORDED_SUBSCRIBERS = ["growth.subscribers.on_attempt"]
    with_hook = _follow_up_queries(world.alice, questions[0])
    settings.ATTEMPT_RECORDED_SUBSCRIBERS = []
    without = _follow_up_queries(world.alice, questions[1])
    return with_hook, with_hook - without


def test_hook_cost_is_small_and_does_not_grow_with_history(world, settings):
    _, questions = numeric_exercise(world.skills[0], questions=12)
    answer(world.alice, questions[0])  # creates the growth row
    small = _hook_cost(world, questions[1:3], settings)
    history, old_questions = numeric_exercise(world.skills[1], questions=10)
    now = timezone.now()
    Attempt.objects.bulk_create(
        Attempt(
            student=world.alice,
            question=old_questions[i % 10],
            exercise=history,
            skill=world.skills[1],
            correct=i % 3 > 0,
            attempt_number=i // 10 + 1,
            time_spent_ms=20_000,
            source=Attempt.Source.DEMO,
            answered_at=now - timedelta(minutes=i),
        )
        for i in range(5000)
    )
    large = _hook_cost(world, questions[3:5], settings)
    assert small == large
    # Its once-only mark, the attempt, then lock and save the student's growth row: nothing
    # else when nothing was earned.
    assert large[1] == 4
