"""Class A of the test world grown to six students, with ids and names that cannot appear in a
page by accident (so "not in the HTML" means something).

- alice, bilal: the world's class A students; dina, emre, farah, gus: four more.
- chloe is in class B; teacher_a teaches maths to class A, teacher_c physics to class A.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from leaderboards import services
from mastery.models import MasterySnapshot, Skill
from schools.models import Enrollment, TeachingAssignment
from tests.factories import World, make_user

EXTRA = (
    (910001, "dina", "Dina Zerhouni"),
    (910002, "emre", "Emre Qasimov"),
    (910003, "farah", "Farah Wildenstein"),
    (910004, "gus", "Gus Xanthopoulos"),
)


@dataclass
class Board:
    world: World
    teacher_c: User
    extra: list[User]

    @property
    def class_a(self) -> list[User]:
        return [self.world.alice, self.world.bilal, *self.extra]


@pytest.fixture
def board(world) -> Board:
    extra = []
    for pk, username, name in EXTRA:
        user = make_user(username, pk=pk, display_name=name)
        Enrollment.objects.create(student=user, school_class=world.class_a)
        extra.append(user)
    teacher_c = make_user("teacher_c", User.Role.TEACHER)
    TeachingAssignment.objects.create(
        teacher=teacher_c, school_class=world.class_a, subject=world.physics
    )
    return Board(world, teacher_c, extra)


def join(*students: User, show_name: bool = False) -> None:
    for student in students:
        services.participant_join(student=student, show_name=show_name)


def snapshot(student: User, skill: Skill, at: datetime, mastery: int) -> MasterySnapshot:
    """A practice day's end state, demonstrated mastery `mastery`% at `at` (with the two days
    and harder answers "mastered" asks for, so the number is what the student saw)."""
    return MasterySnapshot.objects.create(
        student=student,
        skill=skill,
        day=timezone.localdate(at),
        p_known=mastery / 100,
        half_life_days=180.0,
        last_practiced_at=at,
        attempts=5,
        sessions=2,
        level_correct=[0, 0, 2, 0],
    )


def days_ago(now: datetime, days: float) -> datetime:
    return now - timedelta(days=days)
