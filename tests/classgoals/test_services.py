"""Setting goals, and goals moving with the class's real work: the domain signals, and the
follow-ups of answers (run here with drain(), as the worker runs them)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classgoals import selectors, services, subscribers
from classgoals.errors import GoalLocked, InvalidGoal, NotAllowed
from classgoals.models import ClassGoal, ClassMilestone
from jobs.testing import drain
from mastery import services as mastery
from reflections.services import reflection_create
from tests.factories import build_world, correct_choice

from .helpers import RACE, class_events, counting_from_the_first_day, finish_exercise, make_goal

pytestmark = pytest.mark.django_db


def test_a_new_goal_is_measured_and_announced_to_the_class(world):
    goal = make_goal(world, target=3)
    finish_exercise(world, world.alice)
    goal.refresh_from_db()
    assert (goal.current_value, goal.population, goal.reached_at) == (1, 2, None)
    first, event = class_events(world)
    assert first.payload["goal"]["remaining"] == 3
    assert event.type == "goal.progress"
    assert event.payload["goal"] == {"id": goal.pk, **goal.progress.as_dict()}
    assert event.payload["goal"]["remaining"] == 2


def test_only_a_teacher_of_the_class_sets_its_goals(world):
    for outsider in (world.teacher_b, world.alice):
        with pytest.raises(NotAllowed):
            make_goal(world, teacher=outsider)
    assert not ClassGoal.objects.exists()


def test_a_goal_in_a_subject_not_taught_to_the_class_is_refused(world):
    with pytest.raises(InvalidGoal) as refused:
        make_goal(world, kind="mastery_average", subject=world.physics, target=70)
    assert refused.value.errors == {"subject": "subject_not_taught"}
    with pytest.raises(InvalidGoal) as refused:
        make_goal(world, kind="participation", target=150)
    assert refused.value.errors == {"target": "percent_too_large"}
    assert not ClassGoal.objects.exists()


def test_finishing_exercises_moves_the_goal_and_reaching_it_celebrates_once(world):
    goal = make_goal(world, target=2)
    finish_exercise(world, world.alice)
    goal.refresh_from_db()
    assert (goal.current_value, goal.reached_at) == (1, None)
    finish_exercise(world, world.bilal)
    goal.refresh_from_db()
    assert goal.current_value == 2 and goal.reached_at is not None
    milestone = ClassMilestone.objects.get()
    assert (milestone.goal_id, milestone.title, milestone.value) == (goal.pk, goal.title, 2)
    assert milestone.unlocked == "The class chooses the next project topic"
    finish_exercise(world, world.alice)  # beyond the target: no second celebration
    assert ClassMilestone.objects.count() == 1
    reached = class_events(world, type="goal.reached")
    assert len(reached) == 1
    assert reached[0].payload["milestone"]["id"] == milestone.pk
    progress = [e.payload["goal"]["value"] for e in class_events(world, type="goal.progress")]
    assert progress == [0, 1, 2]  # a reached goal is not measured any more


def test_an_answer_that_cannot_move_a_goal_changes_nothing(world):
    reflections = make_goal(world, kind="reflections", target=3)
    exercises = make_goal(world, target=3)
    before = len(class_events(world))
    q = world.choice_q
    mastery.attempt_record(student=world.alice, question=q, answer=str(correct_choice(q).pk))
    assert len(class_events(world)) == before  # one answer neither finishes a pass nor reflects
    for goal in (reflections, exercises):
        stored = ClassGoal.objects.get(pk=goal.pk)
        assert stored.computed_at == goal.computed_at


def test_a_skill_goal_ignores_practice_on_other_skills(world):
    goal = make_goal(
        world, kind="mastery_average", skill=world.skills[1], subject=world.math, target=80
    )
    finish_exercise(world, world.alice)  # Addition, not Multiplication
    assert ClassGoal.objects.get(pk=goal.pk).computed_at == goal.computed_at


def test_mastery_goal_follows_the_class_average(world):
    goal = make_goal(
        world, kind="mastery_average", skill=world.skills[0], subject=world.math, target=90
    )
    assert goal.current_value == 0
    outcome = finish_exercise(world, world.alice)
    goal.refresh_from_db()
    assert goal.current_value == round(outcome.progress.mastery / 2 + 0.001)


def test_participation_moves_on_a_first_answer(world):
    goal = make_goal(world, kind="participation", target=100)
    q = world.choice_q
    mastery.attempt_record(student=world.alice, question=q, answer=str(correct_choice(q).pk))
    goal.refresh_from_db()
    assert goal.current_value == 0  # the answer did not wait for its follow-ups
    drain()
    goal.refresh_from_db()
    assert (goal.current_value, goal.population, goal.progress.remaining) == (1, 2, 1)


def test_a_reflection_moves_a_reflections_goal(world):
    goal = make_goal(world, kind="reflections", target=1)
    reflection_create(student=world.alice, exercise=world.exercise, what_i_learned="Count on.")
    goal.refresh_from_db()
    assert goal.current_value == 1 and goal.reached_at is not None


def test_the_follow_up_pays_one_query_when_the_class_has_no_goal(world):
    q = world.choice_q
    outcome = mastery.attempt_record(
        student=world.alice, question=q, answer=str(q.choices.first().pk)
    )
    with CaptureQueriesContext(connection) as ctx:
        subscribers.on_attempt(mastery.attempt_event(outcome))
    assert len(ctx.captured_queries) == 1


def test_lowering_the_target_to_what_the_class_did_reaches_it(world):
    finish_exercise(world, world.alice)
    goal = counting_from_the_first_day(make_goal(world, target=4))
    goal = services.class_goal_update(teacher=world.teacher_a, goal=goal, target=1)
    assert goal.reached_at is not None and ClassMilestone.objects.filter(goal=goal).exists()
    with pytest.raises(GoalLocked):
        services.class_goal_update(teacher=world.teacher_a, goal=goal, target=10)
    with pytest.raises(NotAllowed):
        services.class_goal_update(teacher=world.teacher_b, goal=goal, title="Mine")


def test_a_second_milestone_for_one_goal_is_impossible(world):
    goal = make_goal(world, target=1)
    ClassMilestone.objects.create(
        school_class=world.class_a,
        goal=goal,
        title="t",
        unlocked="u",
        value=1,
        achieved_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassMilestone.objects.create(
            school_class=world.class_a,
            goal=goal,
            title="t",
            unlocked="u",
            value=1,
            achieved_at=timezone.now(),
        )


@pytest.mark.django_db(transaction=True)
def test_two_students_crossing_the_line_together_celebrate_once(settings):
    """Two workers, each following up an answer that finishes a pass, meet at a barrier just
    before the goal is measured: both see the goal reached in the data, and the class still
    celebrates exactly once."""
    world = build_world()
    rounds = 4
    barrier = threading.Barrier(2, timeout=20)

    # Two workers, each following up one last answer, meet just before the goal is measured.
    settings.ATTEMPT_RECORDED_SUBSCRIBERS = [
        "tests.classgoals.helpers.race_subscriber",
        "classgoals.subscribers.on_attempt",
    ]
    errors = []

    def worker():
        try:
            drain()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    try:
        for n in range(rounds):
            ClassGoal.objects.all().delete()
            goal = make_goal(world, title=f"Round {n}", target=2 * n + 1)
            goal = counting_from_the_first_day(goal)
            # Each has answered the first question of a new pass; the second finishes it.
            for student in (world.alice, world.bilal):
                mastery.exercise_run_start(student=student, exercise=world.exercise)
                mastery.attempt_record(
                    student=student,
                    question=world.choice_q,
                    answer=str(correct_choice(world.choice_q).pk),
                )
            drain()
            goal = services.class_goal_update(teacher=world.teacher_a, goal=goal, target=2 * n + 1)
            for student in (world.alice, world.bilal):
                mastery.attempt_record(student=student, question=world.numeric_q, answer="7")
            threads = [threading.Thread(target=worker) for _ in range(2)]
            barrier.reset()
            RACE["barrier"] = barrier
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            RACE["barrier"] = None
            assert not errors, errors
            goal.refresh_from_db()
            # Both passes are in the data; the goal stopped measuring once it was reached.
            assert selectors.goal_measure(goal=goal).value == 2 * n + 2
            assert goal.current_value >= 2 * n + 1 and goal.reached_at is not None
            assert ClassMilestone.objects.filter(goal=goal).count() == 1
            reached = [
                e
                for e in class_events(world, type="goal.reached")
                if e.payload["goal"]["id"] == goal.pk
            ]
            assert len(reached) == 1
    finally:
        RACE["barrier"] = None


def test_a_completed_help_session_moves_a_help_sessions_goal(world):
    from peerhelp.services import help_session_complete
    from tests.peerhelp.helpers import session

    goal = make_goal(world, kind="help_sessions", target=1)
    other = make_goal(
        world, school_class=world.class_b, teacher=world.teacher_b, kind="help_sessions"
    )
    request = session(world)
    assert ClassGoal.objects.get(pk=goal.pk).current_value == 0  # accepted is not completed
    help_session_complete(request_id=request.pk, user=world.alice)
    goal.refresh_from_db()
    assert goal.current_value == 1 and goal.reached_at is not None
    assert ClassGoal.objects.get(pk=other.pk).current_value == 0
