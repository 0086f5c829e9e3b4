"""The one visibility rule for teachers (docs/privacy.md), as a matrix.

Class A: teacher_a teaches mathematics, teacher_p physics. Alice (class A) has one item of
every kind in each subject. Each teacher opens every page: their subject's items answer 200,
the other subject's answer 404 (or 403 where the page says so), and the teacher of another
class (teacher_b) opens none. The teachers' lists agree with the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from challenges.selectors import class_live_challenges
from collaboration.models import GroupSession, StudyGroup
from collaboration.selectors import teacher_groups
from dashboards.live_now import teacher_live_now
from peerhelp.models import HelpRequest
from peerhelp.selectors import teacher_sessions
from personal_challenges.models import PersonalChallenge
from personal_challenges.selectors import shared_with_teacher
from reflections.models import Reflection
from reflections.selectors import teacher_inbox
from schools.selectors import (
    teacher_may_read,
    teacher_may_read_student,
    teacher_subjects_for,
)
from tests.factories import make_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(world):
    teacher_p = make_teacher("teacher_p", world.class_a, world.physics)
    now = timezone.now()
    items = {}
    pairs = ((world.math, world.exercise), (world.physics, world.physics_exercise))
    for subject, exercise in pairs:
        skill = exercise.skill
        code = subject.code
        items[("reflection", code)] = Reflection.objects.create(
            student=world.alice, exercise=exercise, subject=subject, what_i_learned="Carrying"
        )
        items[("help", code)] = HelpRequest.objects.create(
            requester=world.alice,
            helper=world.bilal,
            school_class=world.class_a,
            skill=skill,
            topic="Help",
            question="How?",
            status=HelpRequest.Status.ACCEPTED,
            created_at=now,
            accepted_at=now,
        )
        items[("challenge", code)] = Challenge.objects.create(
            school_class=world.class_a,
            challenger=world.alice,
            opponent=world.bilal,
            exercise=exercise,
            kind="speed",
            status=Challenge.Status.ACTIVE,
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )
        group = StudyGroup.objects.create(
            school_class=world.class_a,
            subject=subject,
            name=f"Group {code}",
            created_by=world.alice,
            created_at=now,
        )
        items[("group", code)] = group
        items[("session", code)] = GroupSession.objects.create(group=group, started_at=now)
        items[("goal", code)] = PersonalChallenge.objects.create(
            student=world.alice,
            kind="master_skill",
            target=80,
            skill=skill,
            shared_with_teachers=True,
            created_at=now,
        )
    items[("goal", "none")] = PersonalChallenge.objects.create(
        student=world.alice,
        kind="learning_streak",
        target=5,
        shared_with_teachers=True,
        created_at=now,
    )
    return world, teacher_p, items


KINDS = ("reflection", "help", "challenge", "group", "session", "goal")


def _opens(client, user, url) -> bool:
    client.force_login(user)
    status = client.get(url).status_code
    assert status in (200, 403, 404), (url, status)
    return status == 200


def _expected(teacher_subject: str | None, item_subject: str) -> bool:
    if teacher_subject is None:  # teaches another class
        return False
    return item_subject in (teacher_subject, "none")


@pytest.mark.parametrize("kind", KINDS)
def test_each_page_follows_the_rule(client, school, kind):
    world, teacher_p, items = school
    teachers = {"MATH101": world.teacher_a, "PHYS101": teacher_p, None: world.teacher_b}
    for (item_kind, item_subject), item in items.items():
        if item_kind != kind:
            continue
        url = _url(kind, item)
        for teacher_subject, teacher in teachers.items():
            expected = _expected(teacher_subject, item_subject)
            assert _opens(client, teacher, url) is expected, (kind, item_subject, teacher)


def _url(kind, item) -> str:
    names = {
        "reflection": "reflections:detail",
        "help": "peerhelp:chat",
        "challenge": "challenges:play",
        "group": "groups:detail",
        "session": "groups:session",
        "goal": "personal_challenges:detail",
    }
    return reverse(names[kind], args=[item.pk])


def test_the_lists_agree_with_the_pages(school):
    world, teacher_p, items = school
    for teacher, code in ((world.teacher_a, "MATH101"), (teacher_p, "PHYS101")):
        mine = {items[(k, code)].pk for k in ("help",)}
        assert {r.pk for r in teacher_sessions(teacher=teacher)} == mine
        assert {c.pk for c in class_live_challenges(teacher=teacher)} == {
            items[("challenge", code)].pk
        }
        assert {g.pk for g in teacher_groups(teacher=teacher)} == {items[("group", code)].pk}
        assert {r.pk for r in teacher_inbox(teacher=teacher)} == {items[("reflection", code)].pk}
        shared = {v.challenge.pk for v in shared_with_teacher(teacher=teacher)}
        assert shared == {items[("goal", code)].pk, items[("goal", "none")].pk}
        live = teacher_live_now(teacher=teacher)
        assert [c.pk for c in live.help_chats] == [items[("help", code)].pk]
        assert [c.pk for c in live.challenges] == [items[("challenge", code)].pk]
    assert teacher_sessions(teacher=world.teacher_b) == []
    assert teacher_groups(teacher=world.teacher_b) == []
    assert shared_with_teacher(teacher=world.teacher_b) == []


def test_the_selectors_say_the_same(school):
    world, teacher_p, _ = school
    a = world.class_a
    assert teacher_subjects_for(teacher=world.teacher_a, school_class=a) == {world.math.pk}
    assert teacher_subjects_for(teacher=teacher_p, school_class=a.pk) == {world.physics.pk}
    assert teacher_subjects_for(teacher=world.teacher_b, school_class=a) == set()
    assert teacher_may_read(teacher=world.teacher_a, school_class_id=a.pk, subject_id=world.math.pk)
    assert not teacher_may_read(teacher=teacher_p, school_class_id=a.pk, subject_id=world.math.pk)
    alice = world.alice.pk
    assert teacher_may_read_student(teacher=teacher_p, student_id=alice, subject_id=None)
    assert not teacher_may_read_student(
        teacher=teacher_p, student_id=alice, subject_id=world.math.pk
    )
    assert not teacher_may_read_student(teacher=world.teacher_b, student_id=alice, subject_id=None)


def test_a_student_who_left_the_class_is_no_longer_read(school):
    world, _, items = school
    world.alice.enrollments.update(is_active=False)
    assert teacher_inbox(teacher=world.teacher_a).count() == 0
    assert shared_with_teacher(teacher=world.teacher_a) == []
    # Class-bound items stay with the class they happened in.
    assert {r.pk for r in teacher_sessions(teacher=world.teacher_a)} == {
        items[("help", "MATH101")].pk
    }


def test_an_inactive_teacher_reads_nothing(school):
    world, _, _ = school
    world.teacher_a.is_active = False
    world.teacher_a.save()
    assert teacher_sessions(teacher=world.teacher_a) == []
    assert not teacher_may_read(
        teacher=world.teacher_a, school_class_id=world.class_a.pk, subject_id=world.math.pk
    )
