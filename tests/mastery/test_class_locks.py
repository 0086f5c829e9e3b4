"""The class view's locks are the students' trees' locks: class_locks applies tree.is_locked
directly (a class of 1,000 cannot afford a tree per student), so it must say exactly what
tree.build says, for random trees and for real students."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from mastery import rules, tree
from mastery.models import ClassSkillOpening, SkillUnlock
from mastery.selectors import class_locks, student_subject
from schools.models import Enrollment
from tests.dashboards.helpers import answer
from tests.factories import make_exercise, make_user

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)


def _random_state(rng: random.Random) -> rules.ProgressState | None:
    if rng.random() < 0.4:
        return None
    return rules.ProgressState(
        p_known=rng.random(),
        attempts=rng.choice([0, 1, 3, 8, 20]),
        half_life_days=rng.choice([3.0, 10.0, 40.0]),
        last_practiced_at=NOW - timedelta(days=rng.uniform(0, 60)),
        sessions=rng.randint(0, 3),
        level_correct=tuple(rng.randint(0, 3) for _ in range(rules.LEVEL_COUNT)),
    )


def test_is_locked_says_what_tree_build_says_on_random_trees():
    rng = random.Random(2026)
    locked_seen = open_seen = 0
    for _ in range(400):
        size = rng.randint(2, 7)
        nodes = [
            tree.Node(
                id=i,
                name=f"s{i}",
                prerequisite_ids=tuple(p for p in range(i) if rng.random() < 0.4),
                required=rng.choice([40, 60, 70, 80]),
                params=rules.BktParams(),
                state=_random_state(rng),
                unlocked_before=rng.random() < 0.15,
                opened_by_teacher=rng.random() < 0.1,
                top_level=rng.randint(0, rules.LEVEL_COUNT - 1),
            )
            for i in range(size)
        ]
        tops = {n.id: n.top_level for n in nodes}
        states = {n.id: n.state for n in nodes}
        tree.build(nodes, NOW, predict=False)
        for node in nodes:
            locked = tree.is_locked(
                practised=node.attempts > 0,
                unlocked_before=node.unlocked_before,
                opened_by_teacher=node.opened_by_teacher,
                prerequisites_demonstrated=[
                    tree.demonstrated(states[p], now=NOW, top_level=tops[p])
                    for p in node.prerequisite_ids
                ],
                required=node.required,
            )
            assert locked == (node.status == "locked"), node
            locked_seen += locked
            open_seen += not locked
    assert locked_seen > 100 and open_seen > 100  # both sides were tried


@pytest.mark.django_db
def test_class_locks_are_each_students_tree(world):
    addition, multiplication, division = world.skills
    _, mult_q, _ = make_exercise(multiplication, "Times tables")
    pupils = [make_user(f"pupil{i}") for i in range(4)]
    Enrollment.objects.bulk_create(
        Enrollment(student=p, school_class=world.class_a) for p in pupils
    )
    # Alice: Addition strong, so Multiplication opens; Division still waits for it.
    for _ in range(6):
        answer(world.alice, world.choice_q, right=True)
    # Bilal: a little Addition, not enough; pupil0 was opened Multiplication by a teacher;
    # pupil1 answered Multiplication (reported by the host) without Addition.
    answer(world.bilal, world.choice_q, right=False)
    SkillUnlock.objects.create(student=pupils[0], skill=multiplication, unlocked_at=NOW)
    answer(pupils[1], mult_q, right=True)
    students = [world.alice, world.bilal, *pupils]
    skills = list(world.skills)

    def trees() -> dict[int, list[int]]:
        return {
            s.pk: [
                n.id
                for n in student_subject(student=s, subject=world.math, with_exercises=False).nodes
                if n.status == "locked"
            ]
            for s in students
        }

    def locks() -> dict[int, list[int]]:
        found = class_locks(
            school_class=world.class_a, skills=skills, student_ids=[s.pk for s in students]
        )
        return {sid: [s.pk for s in locked] for sid, locked in found.by_student.items()}

    expected = trees()
    assert expected[world.bilal.pk] == [multiplication.pk, division.pk]
    assert multiplication.pk not in expected[world.alice.pk]
    assert multiplication.pk not in expected[pupils[0].pk]
    assert multiplication.pk not in expected[pupils[1].pk]
    assert locks() == expected
    ClassSkillOpening.objects.create(school_class=world.class_a, skill=division, opened_at=NOW)
    assert all(division.pk not in ids for ids in trees().values())
    assert locks() == trees()
