"""The test world, plus the people the visibility rule must tell apart.

- alice (class A) writes a maths reflection; teacher_a teaches maths to class A.
- bilal (class A) and chloe (class B) are other students.
- teacher_b teaches maths and physics to class B: same subject, another class.
- teacher_c teaches physics to class A: same class, another subject.
"""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import User
from mastery.models import ExerciseRun
from reflections.models import Reflection
from schools.models import TeachingAssignment
from tests.factories import World, make_user


@dataclass
class People:
    world: World
    teacher_c: User
    admin: User


@pytest.fixture
def people(world) -> People:
    teacher_c = make_user("teacher_c", User.Role.TEACHER)
    TeachingAssignment.objects.create(
        teacher=teacher_c, school_class=world.class_a, subject=world.physics
    )
    admin = make_user("headmaster", User.Role.ADMIN)
    return People(world, teacher_c, admin)


def make_run(student, exercise, *, finished: bool = True) -> ExerciseRun:
    now = timezone.now()
    return ExerciseRun.objects.create(
        student=student,
        exercise=exercise,
        started_at=now,
        finished_at=now if finished else None,
        questions_total=2,
        questions_answered=2 if finished else 1,
        first_try_correct=1,
        score=50 if finished else None,
    )


def make_reflection(student, exercise, **fields) -> Reflection:
    fields.setdefault("what_i_learned", "Counting on from the bigger number is faster.")
    return Reflection.objects.create(
        student=student, exercise=exercise, subject_id=exercise.skill.subject_id, **fields
    )


@pytest.fixture
def run(world) -> ExerciseRun:
    return make_run(world.alice, world.exercise)


@pytest.fixture
def reflection(world) -> Reflection:
    return make_reflection(world.alice, world.exercise)
