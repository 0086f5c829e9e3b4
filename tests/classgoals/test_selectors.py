"""Goals measured from real rows, against values computed by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classgoals import rules as goal_rules
from classgoals import selectors
from classgoals.models import ClassGoal
from mastery import services as mastery
from mastery.models import ExerciseRun, SkillProgress
from reflections.models import Reflection
from schools.models import Enrollment
from tests.factories import correct_choice, make_user

from .helpers import counting_from_the_first_day

pytestmark = pytest.mark.django_db


def goal(world, **fields):
    today = timezone.localdate()
    defaults = {
        "school_class": world.class_a,
        "title": "g",
        "kind": "exercises",
        "target": 10,
        "start_date": today - timedelta(days=3),
        "end_date": today + timedelta(days=3),
        "unlocks": "u",
    }
    return counting_from_the_first_day(ClassGoal.objects.create(**{**defaults, **fields}))


def progress(student, skill, p_known, *, evidence=True):
    """With `evidence`, the two days and harder answers "mastered" asks for are there."""
    SkillProgress.objects.create(
        student=student,
        skill=skill,
        p_known=p_known,
        attempts=3,
        sessions=2 if evidence else 1,
        level_correct=[0, 0, 3, 0] if evidence else [3, 0, 0, 0],
    )


@pytest.fixture
def masteries(world):
    add, mult, _div = world.skills
    progress(world.alice, add, 0.95)  # 95
    progress(world.alice, mult, 0.62)  # 62
    progress(world.bilal, add, 0.40)  # 40
    progress(world.chloe, add, 0.99)  # class B: never counted for class A
    return world


def test_mastery_on_a_skill(masteries):
    w = masteries
    avg = goal(w, kind="mastery_average", skill=w.skills[0], subject=w.math, target=80)
    assert selectors.goal_measure(goal=avg) == selectors.Measure(68, 2)  # (95 + 40) / 2 = 67.5
    share = goal(w, kind="mastered_share", skill=w.skills[0], subject=w.math, target=50)
    assert selectors.goal_measure(goal=share) == selectors.Measure(1, 2)  # alice 95 >= 90


def test_mastered_counts_as_every_view_shows_it(world):
    """95% estimated after one sitting of easy answers is shown as 89%, proficient: the
    class goal counts it as the student's tree does."""
    progress(world.alice, world.skills[0], 0.95, evidence=False)
    share = goal(world, kind="mastered_share", skill=world.skills[0], subject=world.math)
    assert selectors.goal_measure(goal=share) == selectors.Measure(0, 2)
    avg = goal(world, kind="mastery_average", skill=world.skills[0], subject=world.math)
    assert selectors.goal_measure(goal=avg).value == goal_rules.mastery_average([89, 0])


def test_mastery_on_a_subject_counts_unpractised_skills_as_zero(masteries):
    w = masteries
    avg = goal(w, kind="mastery_average", subject=w.math, target=80)
    # alice (95 + 62 + 0) / 3 = 52.3 -> 52; bilal 40 / 3 = 13.3 -> 13; (52 + 13) / 2 -> 33
    assert selectors.goal_measure(goal=avg) == selectors.Measure(33, 2)
    share = goal(w, kind="mastered_share", subject=w.math, target=50)
    assert selectors.goal_measure(goal=share).value == 0


def test_inactive_students_are_not_counted(masteries):
    w = masteries
    Enrollment.objects.filter(student=w.bilal).update(is_active=False)
    avg = goal(w, kind="mastery_average", skill=w.skills[0], subject=w.math, target=80)
    assert selectors.goal_measure(goal=avg) == selectors.Measure(95, 1)


def test_exercises_completed_in_the_period(world):
    now = timezone.now()

    def run(student, finished_at):
        ExerciseRun.objects.create(
            student=student,
            exercise=world.exercise,
            started_at=now - timedelta(days=10),
            finished_at=finished_at,
            questions_total=2,
            questions_answered=2 if finished_at else 1,
        )

    run(world.alice, now - timedelta(days=1))
    run(world.alice, now)
    run(world.bilal, now - timedelta(hours=2))
    run(world.bilal, None)  # not finished
    run(world.bilal, now - timedelta(days=5))  # before the goal started
    run(world.chloe, now)  # another class
    assert selectors.goal_measure(goal=goal(world)).value == 3
    assert selectors.goal_measure(goal=goal(world, subject=world.physics)).value == 0
    assert selectors.goal_measure(goal=goal(world, skill=world.skills[0])).value == 3
    assert selectors.goal_measure(goal=goal(world, skill=world.skills[1])).value == 0


def test_reflections_shared_in_the_period(world):
    now = timezone.now()
    for student, at in (
        (world.alice, now),
        (world.alice, now - timedelta(days=2)),
        (world.bilal, now - timedelta(days=4)),  # before the start
        (world.chloe, now),  # another class
    ):
        Reflection.objects.create(
            student=student,
            exercise=world.exercise,
            subject=world.math,
            what_i_learned="Counting on helps.",
            created_at=at,
        )
    assert selectors.goal_measure(goal=goal(world, kind="reflections")).value == 2


def test_participation_counts_students_who_practised(world):
    newcomer = make_user("dina")
    Enrollment.objects.create(student=newcomer, school_class=world.class_a)
    q = world.choice_q
    for _ in range(3):  # several answers by one student count once
        mastery.attempt_record(student=world.alice, question=q, answer=str(correct_choice(q).pk))
    mastery.attempt_record(student=world.chloe, question=q, answer=str(correct_choice(q).pk))
    measured = selectors.goal_measure(goal=goal(world, kind="participation", target=50))
    assert measured == selectors.Measure(1, 3)


def test_who_belongs_to_a_class(world):
    role = selectors.class_member_role
    assert role(user=world.alice, school_class_id=world.class_a.pk) == "student"
    assert role(user=world.teacher_a, school_class_id=world.class_a.pk) == "teacher"
    assert role(user=world.chloe, school_class_id=world.class_a.pk) is None
    assert role(user=world.teacher_b, school_class_id=world.class_a.pk) is None
    Enrollment.objects.filter(student=world.alice).update(is_active=False)
    assert role(user=world.alice, school_class_id=world.class_a.pk) is None


def test_cards_show_current_and_recently_closed_goals_only(world):
    today = timezone.localdate()
    current = goal(world)
    goal(world, start_date=today + timedelta(days=1), end_date=today + timedelta(days=5))
    recent = goal(world, start_date=today - timedelta(days=20), end_date=today - timedelta(days=3))
    goal(world, start_date=today - timedelta(days=60), end_date=today - timedelta(days=30))
    shown = selectors.student_goals(student=world.alice, today=today)
    assert {g.pk for g in shown} == {current.pk, recent.pk}
    assert selectors.student_goals(student=world.chloe, today=today) == []
    everything = selectors.class_goals(
        school_class_id=world.class_a.pk, today=today, current_only=False
    )
    assert len(everything) == 4
