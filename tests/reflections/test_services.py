from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from live.models import RoomEvent
from live.rooms import user_room
from reflections import rules, services
from reflections.errors import NotAllowed, TooManyEncouragements
from reflections.models import (
    Encouragement,
    EncouragementPreset,
    Reflection,
    ReflectionInvitationDismissal,
)

from .conftest import make_reflection, make_run

pytestmark = pytest.mark.django_db


def error_codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


# --- writing a reflection ------------------------------------------------------------------


def test_a_reflection_takes_the_exercise_subject_and_cleans_text(world, run):
    reflection = services.reflection_create(
        student=world.alice,
        exercise=world.exercise,
        run=run,
        what_i_learned="  Counting on works.\r\nAnd it is fast.  ",
        confidence_before=2,
        confidence_after=4,
        difficulty=2,
    )
    reflection.refresh_from_db()
    assert reflection.subject == world.math
    assert reflection.run == run
    assert reflection.what_i_learned == "Counting on works.\nAnd it is fast."
    assert reflection.confidence_change == 2
    assert reflection.teacher_read_at is None
    assert not RoomEvent.objects.exists()  # writing a reflection is quiet


def test_any_one_prompt_is_enough(world):
    reflection = services.reflection_create(
        student=world.alice, exercise=world.exercise, what_next="Fractions!"
    )
    assert reflection.what_i_learned == ""
    assert reflection.run is None


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({}, "empty_reflection", id="nothing"),
        pytest.param({"what_i_learned": "  \n\t "}, "empty_reflection", id="only-spaces"),
        pytest.param(
            {"what_i_learned": "x" * (rules.REFLECTION_TEXT_MAX + 1)}, "max_length", id="too-long"
        ),
        pytest.param({"what_i_learned": "ok", "confidence_after": 6}, "invalid_choice", id="6"),
        pytest.param({"what_i_learned": "ok", "difficulty": 0}, "invalid_choice", id="0"),
    ],
)
def test_bad_reflections_are_refused_and_nothing_written(world, fields, code):
    with pytest.raises(ValidationError) as refused:
        services.reflection_create(student=world.alice, exercise=world.exercise, **fields)
    assert code in error_codes(refused.value)
    assert not Reflection.objects.exists()


def test_the_longest_allowed_text_is_accepted(world):
    text = "é" * rules.REFLECTION_TEXT_MAX
    reflection = services.reflection_create(
        student=world.alice, exercise=world.exercise, what_i_learned=text
    )
    assert len(reflection.what_i_learned) == rules.REFLECTION_TEXT_MAX


def test_one_reflection_per_pass(world, run):
    services.reflection_create(student=world.alice, exercise=world.exercise, run=run, what_next="a")
    with pytest.raises(ValidationError) as refused:
        services.reflection_create(
            student=world.alice, exercise=world.exercise, run=run, what_next="b"
        )
    assert "already_reflected" in error_codes(refused.value)
    assert Reflection.objects.count() == 1


def test_the_database_also_refuses_an_empty_reflection(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.create(student=world.alice, exercise=world.exercise, subject=world.math)


def test_a_student_reflects_only_on_own_subjects_and_passes(world, run):
    with pytest.raises(NotAllowed):
        services.reflection_create(
            student=world.alice, exercise=world.physics_exercise, what_next="x"
        )
    with pytest.raises(NotAllowed):  # bilal cannot attach his reflection to alice's pass
        services.reflection_create(
            student=world.bilal, exercise=world.exercise, run=run, what_next="x"
        )
    with pytest.raises(NotAllowed):
        services.reflection_create(student=world.teacher_a, exercise=world.exercise, what_next="x")
    assert not Reflection.objects.exists()


def test_a_pass_of_another_exercise_is_refused(world):
    other_run = make_run(world.alice, world.physics_exercise)
    with pytest.raises(ValidationError) as refused:
        services.reflection_create(
            student=world.alice, exercise=world.exercise, run=other_run, what_next="x"
        )
    assert "run" in error_codes(refused.value)


# --- dismissing the invitation -------------------------------------------------------------


def test_dismissing_twice_keeps_one_record(world, run):
    first = services.reflection_invitation_dismiss(student=world.alice, run=run)
    second = services.reflection_invitation_dismiss(student=world.alice, run=run)
    assert first.pk == second.pk
    assert ReflectionInvitationDismissal.objects.count() == 1


def test_only_the_pass_owner_may_dismiss(world, run):
    with pytest.raises(NotAllowed):
        services.reflection_invitation_dismiss(student=world.bilal, run=run)
    assert not ReflectionInvitationDismissal.objects.exists()


# --- reading and feedback ------------------------------------------------------------------


def test_read_at_is_set_once_on_the_first_read(world, people, reflection):
    assert services.reflection_mark_read(teacher=world.teacher_a, reflection=reflection)
    reflection.refresh_from_db()
    first = reflection.teacher_read_at
    assert first is not None
    assert reflection.teacher_read_by == world.teacher_a
    assert not services.reflection_mark_read(teacher=world.teacher_a, reflection=reflection)
    reflection.refresh_from_db()
    assert reflection.teacher_read_at == first


def test_only_a_teacher_of_the_subject_marks_it_read(world, people, reflection):
    for user in (world.alice, world.teacher_b, people.teacher_c):
        with pytest.raises(NotAllowed):
            services.reflection_mark_read(teacher=user, reflection=reflection)
    reflection.refresh_from_db()
    assert reflection.teacher_read_at is None


def test_feedback_publishes_exactly_one_event_to_the_student(
    world, reflection, django_capture_on_commit_callbacks
):
    world.teacher_a.display_name = "Mme Benali"
    world.teacher_a.save()
    with django_capture_on_commit_callbacks() as broadcasts:
        services.reflection_give_feedback(
            teacher=world.teacher_a,
            reflection=reflection,
            feedback="You explained your strategy clearly.",
            encouragement_preset=EncouragementPreset.STRATEGY,
        )
    assert len(broadcasts) == 1
    event = RoomEvent.objects.get()
    assert event.room == user_room(world.alice.pk)
    assert event.type == "reflection.feedback"
    assert event.seq == 1
    assert event.payload == {
        "reflection": {
            "id": reflection.pk,
            "exercise_id": world.exercise.pk,
            "exercise_title": {"ar": "Practice", "fr": "Practice", "en": "Practice"},
        },
        "teacher": {"id": world.teacher_a.pk, "name": "Mme Benali"},
        "feedback": "You explained your strategy clearly.",
        "encouragement": {"preset": "strategy", "text": ""},
    }
    reflection.refresh_from_db()
    assert reflection.feedback_by == world.teacher_a
    assert reflection.feedback_at is not None
    assert reflection.teacher_read_at is not None  # giving feedback means it was read


def test_exercise_title_goes_out_in_every_language(world, reflection):
    world.exercise.title_fr = "Entraînement"
    world.exercise.title_ar = "تمرين"
    world.exercise.save()
    services.reflection_give_feedback(
        teacher=world.teacher_a, reflection=reflection, encouragement_text="Bravo !"
    )
    payload = RoomEvent.objects.get().payload
    assert payload["reflection"]["exercise_title"] == {
        "ar": "تمرين",
        "fr": "Entraînement",
        "en": "Practice",
    }
    assert payload["encouragement"] == {"preset": "", "text": "Bravo !"}
    assert payload["feedback"] == ""


def test_revising_feedback_publishes_again_and_keeps_the_first_read(world, reflection):
    services.reflection_give_feedback(teacher=world.teacher_a, reflection=reflection, feedback="a")
    reflection.refresh_from_db()
    read_at = reflection.teacher_read_at
    services.reflection_give_feedback(teacher=world.teacher_a, reflection=reflection, feedback="b")
    reflection.refresh_from_db()
    assert reflection.feedback == "b"
    assert reflection.teacher_read_at == read_at
    assert list(RoomEvent.objects.values_list("seq", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({}, "empty_feedback", id="nothing"),
        pytest.param({"feedback": "   "}, "empty_feedback", id="only-spaces"),
        pytest.param(
            {"feedback": "x" * (rules.FEEDBACK_TEXT_MAX + 1)}, "max_length", id="too-long"
        ),
        pytest.param(
            {"encouragement_text": "y" * (rules.ENCOURAGEMENT_TEXT_MAX + 1)},
            "max_length",
            id="encouragement-too-long",
        ),
        pytest.param({"encouragement_preset": "fireworks"}, "invalid_choice", id="no-such-preset"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_sent(world, reflection, fields, code):
    with pytest.raises(ValidationError) as refused:
        services.reflection_give_feedback(teacher=world.teacher_a, reflection=reflection, **fields)
    assert code in error_codes(refused.value)
    reflection.refresh_from_db()
    assert not reflection.has_feedback
    assert reflection.feedback_at is None
    assert not RoomEvent.objects.exists()


def test_feedback_only_from_a_teacher_of_the_subject(world, people, reflection):
    for user in (world.alice, world.bilal, world.teacher_b, people.teacher_c, people.admin):
        with pytest.raises(NotAllowed):
            services.reflection_give_feedback(teacher=user, reflection=reflection, feedback="Hi")
    reflection.refresh_from_db()
    assert reflection.feedback == ""
    assert not RoomEvent.objects.exists()


# --- encouragement -------------------------------------------------------------------------


def test_encouragement_is_kept_and_delivered_live(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as broadcasts:
        sent = services.encouragement_send(
            teacher=world.teacher_a, student=world.bilal, preset=EncouragementPreset.EFFORT
        )
    assert len(broadcasts) == 1
    assert Encouragement.objects.get() == sent
    event = RoomEvent.objects.get()
    assert event.room == user_room(world.bilal.pk)
    assert event.type == "encouragement.new"
    assert event.payload == {
        "encouragement": {"id": sent.pk, "preset": "effort", "text": ""},
        "teacher": {"id": world.teacher_a.pk, "name": str(world.teacher_a)},
    }


def test_encouragement_in_own_words_is_cleaned(world):
    sent = services.encouragement_send(
        teacher=world.teacher_a, student=world.alice, text="  Keep going, Alice!\r\n "
    )
    assert sent.text == "Keep going, Alice!"
    assert sent.message == "Keep going, Alice!"


def test_only_a_teacher_of_the_student_may_encourage(world, people):
    for teacher, student in [
        (world.teacher_b, world.alice),  # another class
        (world.alice, world.bilal),  # a student
        (people.admin, world.alice),
        (world.teacher_a, world.teacher_b),  # not a student
    ]:
        with pytest.raises(NotAllowed):
            services.encouragement_send(teacher=teacher, student=student, preset="effort")
    # teacher_c teaches physics to class A: any subject counts for encouragement.
    services.encouragement_send(teacher=people.teacher_c, student=world.alice, preset="effort")
    assert Encouragement.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({}, "empty_encouragement", id="nothing"),
        pytest.param({"text": " \n "}, "empty_encouragement", id="only-spaces"),
        pytest.param({"text": "y" * (rules.ENCOURAGEMENT_TEXT_MAX + 1)}, "max_length", id="long"),
        pytest.param({"preset": "fireworks"}, "invalid_choice", id="no-such-preset"),
    ],
)
def test_bad_encouragement_is_refused_and_nothing_sent(world, fields, code):
    with pytest.raises(ValidationError) as refused:
        services.encouragement_send(teacher=world.teacher_a, student=world.alice, **fields)
    assert code in error_codes(refused.value)
    assert not Encouragement.objects.exists()
    assert not RoomEvent.objects.exists()


def test_encouragement_is_rate_limited_per_student(world):
    for _ in range(rules.ENCOURAGEMENTS_PER_STUDENT):
        services.encouragement_send(teacher=world.teacher_a, student=world.alice, preset="effort")
    with pytest.raises(TooManyEncouragements):
        services.encouragement_send(teacher=world.teacher_a, student=world.alice, preset="effort")
    # Another student is still fine, and so is the same one after the window.
    services.encouragement_send(teacher=world.teacher_a, student=world.bilal, preset="effort")
    Encouragement.objects.filter(student=world.alice).update(
        created_at=timezone.now() - rules.ENCOURAGEMENT_WINDOW_PER_STUDENT - timedelta(minutes=1)
    )
    services.encouragement_send(teacher=world.teacher_a, student=world.alice, preset="effort")
    assert RoomEvent.objects.filter(type="encouragement.new").count() == (
        rules.ENCOURAGEMENTS_PER_STUDENT + 2
    )


def test_encouragement_is_rate_limited_per_teacher(world, people):
    now = timezone.now()
    Encouragement.objects.bulk_create(
        Encouragement(
            teacher=world.teacher_a, student=people.admin, preset="effort", created_at=now
        )
        for _ in range(rules.ENCOURAGEMENTS_PER_TEACHER)
    )
    with pytest.raises(TooManyEncouragements):
        services.encouragement_send(teacher=world.teacher_a, student=world.alice, preset="effort")
    assert not RoomEvent.objects.exists()


def test_a_rolled_back_feedback_sends_nothing(
    world, reflection, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as broadcasts,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.reflection_give_feedback(
            teacher=world.teacher_a, reflection=reflection, feedback="Nice"
        )
        raise RuntimeError("the request failed later")
    assert broadcasts == []
    assert not RoomEvent.objects.exists()
    reflection.refresh_from_db()
    assert reflection.feedback == ""


def test_reflection_helpers(world):
    reflection = make_reflection(
        world.alice, world.exercise, encouragement_preset="growth", confidence_before=3
    )
    assert reflection.has_feedback
    assert reflection.encouragement == str(EncouragementPreset.GROWTH.label)
    assert reflection.confidence_change is None
