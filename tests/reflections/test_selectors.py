"""The visibility rule: only the student and the teachers of that subject in the student's
current classes may read a reflection."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import User
from reflections import selectors
from schools.models import Enrollment, SchoolClass, TeachingAssignment
from tests.factories import make_user

from .conftest import make_reflection, make_run

pytestmark = pytest.mark.django_db

ALLOWED, DENIED = True, False


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param(lambda p: p.world.alice, ALLOWED, id="the-student"),
        pytest.param(lambda p: p.world.teacher_a, ALLOWED, id="teacher-of-the-subject"),
        pytest.param(lambda p: p.world.bilal, DENIED, id="classmate"),
        pytest.param(lambda p: p.world.chloe, DENIED, id="student-of-another-class"),
        pytest.param(lambda p: p.teacher_c, DENIED, id="teacher-of-another-subject"),
        pytest.param(lambda p: p.world.teacher_b, DENIED, id="teacher-of-another-class"),
        pytest.param(lambda p: p.admin, DENIED, id="school-administrator"),
        pytest.param(lambda p: AnonymousUser(), DENIED, id="anonymous"),
    ],
)
def test_who_may_read_a_reflection(people, reflection, who, expected):
    user = who(people)
    assert selectors.can_view_reflection(user=user, reflection=reflection) is expected
    assert (selectors.reflection_for(user=user, pk=reflection.pk) is not None) is expected
    assert (reflection in selectors.reflections_visible_to(user=user)) is expected


def test_only_teachers_may_give_feedback(people, reflection):
    world = people.world
    assert selectors.can_give_feedback(user=world.teacher_a, reflection=reflection)
    assert not selectors.can_give_feedback(user=world.alice, reflection=reflection)
    assert not selectors.can_give_feedback(user=world.teacher_b, reflection=reflection)


def test_a_teacher_loses_access_when_the_student_leaves_the_class(world, reflection):
    Enrollment.objects.filter(student=world.alice, school_class=world.class_a).update(
        is_active=False
    )
    assert not selectors.can_view_reflection(user=world.teacher_a, reflection=reflection)
    # The portfolio stays the student's own.
    assert selectors.can_view_reflection(user=world.alice, reflection=reflection)


def test_the_student_s_new_maths_teacher_may_read_it(world, reflection):
    """Alice moves to class B: teacher_b (maths in B) now reads her maths reflections."""
    Enrollment.objects.filter(student=world.alice).update(is_active=False)
    Enrollment.objects.create(student=world.alice, school_class=world.class_b)
    assert selectors.can_view_reflection(user=world.teacher_b, reflection=reflection)
    assert not selectors.can_view_reflection(user=world.teacher_a, reflection=reflection)


def test_a_second_class_of_the_student_counts(world, reflection):
    club = SchoolClass.objects.create(school=world.school, name="Maths club", grade="TC")
    coach = make_user("coach", User.Role.TEACHER)
    TeachingAssignment.objects.create(teacher=coach, school_class=club, subject=world.math)
    assert not selectors.can_view_reflection(user=coach, reflection=reflection)
    Enrollment.objects.create(student=world.alice, school_class=club)
    assert selectors.can_view_reflection(user=coach, reflection=reflection)


def test_an_inactive_user_sees_nothing(world, reflection):
    for user in (world.alice, world.teacher_a):
        user.is_active = False
        assert not selectors.can_view_reflection(user=user, reflection=reflection)


def test_the_visible_set_is_exact(people):
    world = people.world
    mine = make_reflection(world.alice, world.exercise)
    classmate = make_reflection(world.bilal, world.exercise)
    other_class = make_reflection(world.chloe, world.exercise)
    # Physics in class B: chloe's teacher_b teaches it; teacher_a does not.
    physics = make_reflection(world.chloe, world.physics_exercise)
    assert set(selectors.reflections_visible_to(user=world.alice)) == {mine}
    assert set(selectors.reflections_visible_to(user=world.teacher_a)) == {mine, classmate}
    assert set(selectors.reflections_visible_to(user=world.teacher_b)) == {other_class, physics}
    assert set(selectors.reflections_visible_to(user=people.teacher_c)) == set()


def test_inbox_puts_unread_first_then_newest(world):
    now = timezone.now()
    old_unread = make_reflection(world.alice, world.exercise, created_at=now - timedelta(days=2))
    new_read = make_reflection(world.bilal, world.exercise, created_at=now, teacher_read_at=now)
    new_unread = make_reflection(world.bilal, world.exercise, created_at=now - timedelta(hours=1))
    inbox = list(selectors.teacher_inbox(teacher=world.teacher_a))
    assert inbox == [new_unread, old_unread, new_read]
    assert selectors.teacher_unread_count(teacher=world.teacher_a) == 2
    assert selectors.teacher_unread_count(teacher=world.alice) == 0


def test_inbox_filters_by_class(world):
    club = SchoolClass.objects.create(school=world.school, name="Maths club", grade="TC")
    TeachingAssignment.objects.create(
        teacher=world.teacher_a, school_class=club, subject=world.math
    )
    Enrollment.objects.create(student=world.chloe, school_class=club)
    alices = make_reflection(world.alice, world.exercise)
    chloes = make_reflection(world.chloe, world.exercise)
    assert set(selectors.teacher_inbox(teacher=world.teacher_a)) == {alices, chloes}
    assert list(selectors.teacher_inbox(teacher=world.teacher_a, school_class=club)) == [chloes]
    assert list(selectors.teacher_inbox(teacher=world.teacher_a, school_class=world.class_a)) == [
        alices
    ]


def test_invitation_only_for_an_own_finished_pass(world, run):
    assert selectors.should_invite(student=world.alice, run=run)
    assert not selectors.should_invite(student=world.alice, run=None)
    assert not selectors.should_invite(student=world.bilal, run=run)
    assert not selectors.should_invite(
        student=world.alice, run=make_run(world.alice, world.exercise, finished=False)
    )


def test_invitation_stops_once_reflected(world, run):
    make_reflection(world.alice, world.exercise, run=run)
    assert not selectors.should_invite(student=world.alice, run=run)


def test_encouragement_roster_lists_active_students_with_last_sent(world):
    Enrollment.objects.create(
        student=make_user("dounia"), school_class=world.class_a, is_active=False
    )
    roster = selectors.encouragement_roster(teacher=world.teacher_a, school_class=world.class_a)
    assert [s.username for s in roster] == ["alice", "bilal"]
    assert all(s.last_encouraged_at is None for s in roster)
