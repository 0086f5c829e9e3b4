import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from live.models import RoomEvent
from live.rooms import user_room
from mastery import rules, services
from mastery.errors import InvalidAnswer, NotAllowed
from mastery.models import Attempt, MasterySnapshot, QuestionServe, SkillProgress, SkillUnlock
from tests.factories import build_world, correct_choice, make_exercise, wrong_choice

pytestmark = pytest.mark.django_db


def answer(world, student, question, value):
    return services.attempt_record(student=student, question=question, answer=str(value))


def test_attempt_recorded_with_server_time_and_bkt_update(world):
    serve = services.question_serve(student=world.alice, question=world.choice_q)
    QuestionServe.objects.filter(pk=serve.pk).update(
        served_at=timezone.now() - timedelta(seconds=42)
    )
    outcome = answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    attempt = outcome.attempt
    assert attempt.correct and attempt.attempt_number == 1 and attempt.source == "practice"
    assert 41_000 <= attempt.time_spent_ms <= 45_000
    progress = SkillProgress.objects.get(student=world.alice, skill=world.skills[0])
    expected = rules.bkt_update(world.skills[0].p_init, True, world.skills[0].bkt)
    assert progress.p_known == pytest.approx(expected)
    assert (progress.attempts, progress.correct, progress.questions_seen) == (1, 1, 1)


def test_retries_are_numbered_and_count_as_weaker_evidence(world):
    first = answer(world, world.alice, world.choice_q, wrong_choice(world.choice_q).pk)
    second = answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    assert (first.attempt.attempt_number, second.attempt.attempt_number) == (1, 2)
    assert (second.progress.attempts, second.progress.correct) == (2, 1)
    assert second.progress.questions_seen == 1
    # A right retry still raises mastery, by less than a right answer to a fresh item would.
    rise = second.progress.p_known - first.progress.p_known
    fresh = rules.bkt_update(first.progress.p_known, True, world.skills[0].bkt)
    assert 0 < rise < fresh - first.progress.p_known


def test_numeric_answers_accept_decimal_commas(world):
    outcome = answer(world, world.alice, world.numeric_q, "7,0")
    assert outcome.attempt.correct


@pytest.mark.parametrize("bad", ["seven", "", "12abc"])
def test_bad_numeric_answer_writes_nothing(world, bad):
    with pytest.raises(InvalidAnswer):
        answer(world, world.alice, world.numeric_q, bad)
    assert not Attempt.objects.exists() and not SkillProgress.objects.exists()
    assert not RoomEvent.objects.exists()


def test_choice_from_another_question_is_refused(world):
    other = world.physics_exercise.questions.get(kind="choice")
    with pytest.raises(InvalidAnswer):
        answer(world, world.alice, world.choice_q, correct_choice(other).pk)
    assert not Attempt.objects.exists()


def test_student_of_another_class_cannot_answer(world):
    physics_q = world.physics_exercise.questions.first()
    with pytest.raises(NotAllowed):
        answer(world, world.alice, physics_q, "1")
    assert not Attempt.objects.exists()


def test_teacher_cannot_record_attempts(world):
    with pytest.raises(NotAllowed):
        answer(world, world.teacher_a, world.choice_q, correct_choice(world.choice_q).pk)


def test_inactive_enrollment_loses_access(world):
    world.alice.enrollments.update(is_active=False)
    with pytest.raises(NotAllowed):
        answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)


def test_attempts_are_append_only(world):
    attempt = answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk).attempt
    attempt.correct = False
    with pytest.raises(ValueError, match="append-only"):
        attempt.save()


def test_attempt_event_is_logged_in_the_users_room(world):
    outcome = answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    event = RoomEvent.objects.get(room=user_room(world.alice.pk))
    assert event.seq == 1 and event.type == "attempt.recorded"
    assert event.payload["skill"]["mastery"] == outcome.progress.mastery
    assert event.payload["attempt"]["correct"] is True
    answer(world, world.alice, world.numeric_q, "7")
    logged = RoomEvent.objects.filter(room=user_room(world.alice.pk)).order_by("seq")
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1))
    assert [e.type for e in logged][:2] == ["attempt.recorded", "attempt.recorded"]


def test_reaching_the_required_mastery_unlocks_the_next_skill_once(world):
    addition, multiplication, _ = world.skills
    answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    assert not SkillUnlock.objects.exists()
    outcome = answer(world, world.alice, world.numeric_q, "7")
    assert outcome.progress.mastery >= multiplication.required_mastery
    assert outcome.unlocked == [multiplication]
    assert SkillUnlock.objects.get().skill == multiplication
    unlocked = RoomEvent.objects.get(type="skill.unlocked")
    assert unlocked.payload["skill"]["id"] == multiplication.pk
    assert unlocked.payload["skill"]["name"]["en"] == "Multiplication"
    assert unlocked.payload["because_of"]["id"] == addition.pk
    # More practice on an unlocked path celebrates nothing again.
    extra = make_exercise(addition, "More")[1]
    outcome = answer(world, world.alice, extra, correct_choice(extra).pk)
    assert outcome.unlocked == [] and SkillUnlock.objects.count() == 1


def test_a_pass_through_the_exercise_is_scored(world):
    services.exercise_run_start(student=world.alice, exercise=world.exercise)
    first = answer(world, world.alice, world.choice_q, wrong_choice(world.choice_q).pk)
    assert first.run.questions_answered == 1 and first.run.finished_at is None
    answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    last = answer(world, world.alice, world.numeric_q, "7")
    assert last.run.pk == first.run.pk
    assert last.run.finished_at is not None
    assert (last.run.first_try_correct, last.run.questions_total, last.run.score) == (1, 2, 50)
    again = services.exercise_run_start(student=world.alice, exercise=world.exercise)
    assert again.pk != last.run.pk


def test_daily_snapshot_keeps_the_latest_state(world):
    answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    outcome = answer(world, world.alice, world.numeric_q, "7")
    snapshot = MasterySnapshot.objects.get(student=world.alice, skill=world.skills[0])
    assert snapshot.p_known == pytest.approx(outcome.progress.p_known)
    assert snapshot.attempts == 2


def test_hint_use_is_recorded(world):
    assert services.hint_reveal(student=world.alice, question=world.choice_q) == "Count on from 7."
    outcome = answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    assert outcome.attempt.hint_used


def test_reloading_a_question_keeps_its_clock(world):
    first = services.question_serve(student=world.alice, question=world.choice_q)
    again = services.question_serve(student=world.alice, question=world.choice_q)
    assert first.pk == again.pk


# --- skill DAG --------------------------------------------------------------------------


def test_prerequisite_cycle_is_refused_with_a_clear_error(world):
    addition, multiplication, division = world.skills
    with pytest.raises(ValidationError) as error:
        services.skill_set_prerequisites(skill=addition, prerequisites=[division])
    assert "loop" in str(error.value)
    assert "Addition" in str(error.value) and "Division" in str(error.value)
    assert list(addition.prerequisites.all()) == []


def test_self_prerequisite_is_refused(world):
    with pytest.raises(ValidationError):
        services.skill_set_prerequisites(skill=world.skills[0], prerequisites=[world.skills[0]])


def test_prerequisite_from_another_subject_is_refused(world):
    physics_skill = world.physics_exercise.skill
    with pytest.raises(ValidationError):
        services.skill_set_prerequisites(skill=world.skills[0], prerequisites=[physics_skill])


def test_valid_prerequisites_are_saved(world):
    addition, multiplication, division = world.skills
    services.skill_set_prerequisites(skill=division, prerequisites=[addition, multiplication])
    assert set(division.prerequisites.all()) == {addition, multiplication}


# --- concurrency, with real commits ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_get_distinct_attempt_numbers_and_consistent_progress():
    world = build_world()
    value = correct_choice(world.choice_q).pk
    errors = []

    def worker():
        try:
            services.attempt_record(student=world.alice, question=world.choice_q, answer=str(value))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Attempt.objects.values_list("attempt_number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    progress = SkillProgress.objects.get(student=world.alice)
    assert (progress.attempts, progress.correct, progress.questions_seen) == (6, 6, 1)
    seqs = sorted(RoomEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert RoomEvent.objects.filter(type="attempt.recorded").count() == 6


def test_trying_again_after_the_last_question_stays_in_the_finished_pass(world):
    services.exercise_run_start(student=world.alice, exercise=world.exercise)
    answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    last = answer(world, world.alice, world.numeric_q, "8")
    assert last.finished_pass and last.run.score == 50
    retry = answer(world, world.alice, world.numeric_q, "7")
    assert retry.run.pk == last.run.pk and not retry.finished_pass
    assert retry.tries == 2
    retry.run.refresh_from_db()
    assert retry.run.score == 50 and retry.run.first_try_correct == 1


def test_a_new_pass_counts_tries_afresh(world):
    services.exercise_run_start(student=world.alice, exercise=world.exercise)
    answer(world, world.alice, world.choice_q, correct_choice(world.choice_q).pk)
    answer(world, world.alice, world.numeric_q, "7")
    services.exercise_run_start(student=world.alice, exercise=world.exercise)
    again = answer(world, world.alice, world.choice_q, wrong_choice(world.choice_q).pk)
    assert again.attempt.attempt_number == 2 and again.tries == 1
    assert rules.feedback_kind(correct=False, attempt_number=again.tries) == "keep_going"


def test_a_match_clock_times_challenge_attempts_not_an_old_practice_serve(world):
    serve = services.question_serve(student=world.alice, question=world.choice_q)
    QuestionServe.objects.filter(pk=serve.pk).update(served_at=timezone.now() - timedelta(hours=2))
    outcome = services.attempt_record(
        student=world.alice,
        question=world.choice_q,
        answer=str(correct_choice(world.choice_q).pk),
        source=Attempt.Source.CHALLENGE,
        time_spent_ms=4_200,
    )
    assert outcome.attempt.time_spent_ms == 4_200
