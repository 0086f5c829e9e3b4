"""Each metric on a small world, against values computed by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from leaderboards import rules, selectors
from mastery.models import MasterySnapshot
from peerhelp.models import HelpRequest
from reflections.models import Reflection

from .conftest import days_ago, join, snapshot

pytestmark = pytest.mark.django_db

GOOD = "I learned to carry the tens"  # 6 words: a prompt answered with substance


def scope_of(user, subject=None):
    scopes = selectors.board_scopes(user=user)
    return next(s for s in scopes if s.subject == subject)


def places(result):
    return [(e.rank, e.name or e.alias, e.score, e.is_viewer) for e in result.entries]


def test_scopes_are_the_viewers_classes_and_their_subjects(board):
    w = board.world
    mine = selectors.board_scopes(user=w.alice)
    assert [(s.school_class, s.subject) for s in mine] == [
        (w.class_a, None),
        (w.class_a, w.math),
        (w.class_a, w.physics),
    ]
    assert mine[0].subject_ids == (w.math.pk, w.physics.pk)
    assert [s.value for s in mine] == [
        str(w.class_a.pk),
        f"{w.class_a.pk}-{w.math.pk}",
        f"{w.class_a.pk}-{w.physics.pk}",
    ]
    # A teacher: the class board (every subject of the class, the same board as the
    # students'), and the subject boards of the subjects they teach there.
    teacher_scopes = selectors.board_scopes(user=w.teacher_a)
    assert [(s.school_class, s.subject) for s in teacher_scopes] == [
        (w.class_a, None),
        (w.class_a, w.math),
    ]
    assert teacher_scopes[0].subject_ids == (w.math.pk, w.physics.pk)
    assert [s.subject for s in selectors.board_scopes(user=board.teacher_c)] == [None, w.physics]
    assert [s.subject for s in selectors.board_scopes(user=w.teacher_b)] == [
        None,
        w.math,
        w.physics,
    ]


def test_most_improved_is_the_average_mastery_gain_over_the_period(board):
    w, now = board.world, timezone.now()
    add, mul, _div = w.skills
    week = days_ago(now, 7)  # snapshots exactly at the ends: no forgetting to account for
    alice, bilal, _dina, emre, *_ = board.class_a
    join(*board.class_a)
    snapshot(alice, add, week, 40)
    snapshot(alice, add, now, 100)
    snapshot(bilal, mul, now, 48)
    snapshot(emre, w.physics_exercise.skill, now, 80)
    result = selectors.board(
        viewer=alice, scope=scope_of(alice), metric="improvement", period="weekly", now=now
    )
    # The class board averages 4 skills (3 maths, 1 physics):
    # alice 100/4 - 40/4 = 25 - 10 = 15; bilal 48/4 = 12; emre 80/4 = 20; the others 0.
    assert result.is_open and result.participants == 6
    assert [(e.rank, e.score, e.is_viewer) for e in result.entries] == [
        (1, 20, False),
        (2, 15, True),
        (3, 12, False),
    ]
    # 4 of the 5 others are lower (80%); 2nd of 6 is within the top half.
    assert result.standing == rules.Standing(15, 6, 80, "half")
    # The maths board averages 3 skills: alice 33 - 13 = 20, bilal 16, emre 0 (not listed).
    maths = selectors.board(
        viewer=alice, scope=scope_of(alice, w.math), metric="improvement", period="weekly", now=now
    )
    assert [(e.score, e.is_viewer) for e in maths.entries] == [(20, True), (16, False)]
    assert maths.standing == rules.Standing(20, 6, 100, "first")


def test_mastery_growth_counts_concepts_newly_mastered(board):
    w, now = board.world, timezone.now()
    add, mul, div = w.skills
    alice, bilal, *_ = board.class_a
    join(*board.class_a)
    snapshot(alice, add, days_ago(now, 9), 70)
    snapshot(alice, add, days_ago(now, 3), 92)  # newly mastered this week
    snapshot(alice, mul, days_ago(now, 2), 95)  # newly mastered this week
    snapshot(alice, div, days_ago(now, 20), 91)  # mastered before the week: not new
    snapshot(bilal, add, days_ago(now, 12), 91)  # newly mastered this month only
    weekly = selectors.board(
        viewer=bilal, scope=scope_of(bilal), metric="mastery_growth", period="weekly", now=now
    )
    assert [(e.rank, e.score, e.is_viewer) for e in weekly.entries] == [(1, 2, False)]
    assert weekly.standing == rules.Standing(0, 6, 0, None)
    monthly = selectors.board(
        viewer=bilal, scope=scope_of(bilal), metric="mastery_growth", period="monthly", now=now
    )
    # Over 30 days alice has all three (division crossed 90 twenty days ago), bilal one.
    assert [(e.score, e.is_viewer) for e in monthly.entries] == [(3, False), (1, True)]


def test_consistency_counts_distinct_practice_days_in_the_scope(board):
    w, now = board.world, timezone.now()
    add, mul, _div = w.skills
    alice, bilal, dina, *_ = board.class_a
    join(*board.class_a)
    # alice: today, yesterday (two skills: one day), 3 days ago; 8 days ago is outside.
    for skill, days in ((add, 0), (add, 1), (mul, 1), (add, 3), (add, 8)):
        snapshot(alice, skill, days_ago(now, days), 50)
    for days in (0, 2, 4, 5):
        snapshot(bilal, add, days_ago(now, days), 50)
    snapshot(dina, w.physics_exercise.skill, days_ago(now, 2), 40)
    result = selectors.board(
        viewer=alice, scope=scope_of(alice), metric="consistency", period="weekly", now=now
    )
    assert [(e.score, e.is_viewer) for e in result.entries] == [(4, False), (3, True), (1, False)]
    maths = selectors.board(
        viewer=alice, scope=scope_of(alice, w.math), metric="consistency", period="weekly", now=now
    )
    assert [e.score for e in maths.entries] == [4, 3]  # dina practised physics only
    monthly = selectors.board(
        viewer=alice, scope=scope_of(alice), metric="consistency", period="monthly", now=now
    )
    assert [e.score for e in monthly.entries] == [4, 4, 1]


def reflect(student, exercise, at, *answers):
    fields = ["what_i_learned", "what_was_challenging", "how_i_overcame_it", "what_next"]
    Reflection.objects.create(
        student=student,
        exercise=exercise,
        subject=exercise.skill.subject,
        created_at=at,
        **dict(zip(fields, answers, strict=False)),
    )


def test_reflection_quality_counts_thoughtful_reflections(board):
    w, now = board.world, timezone.now()
    alice, bilal, dina, *_ = board.class_a
    join(*board.class_a)
    for _ in range(3):  # three on the same day: two count
        reflect(alice, w.exercise, days_ago(now, 2), GOOD, GOOD)
    reflect(alice, w.exercise, days_ago(now, 3), GOOD, "ok")  # one substantial answer only
    reflect(bilal, w.exercise, days_ago(now, 1), GOOD, GOOD, GOOD)
    reflect(bilal, w.exercise, days_ago(now, 9), GOOD, GOOD)  # before the week
    reflect(dina, w.physics_exercise, days_ago(now, 1), GOOD, GOOD)
    result = selectors.board(
        viewer=bilal, scope=scope_of(bilal), metric="reflection_quality", period="weekly", now=now
    )
    assert [(e.rank, e.score) for e in result.entries] == [(1, 2), (2, 1), (2, 1)]
    assert [e.is_viewer for e in result.entries].count(True) == 1
    assert result.standing == rules.Standing(1, 6, 60, "half")
    maths = selectors.board(
        viewer=bilal,
        scope=scope_of(bilal, w.math),
        metric="reflection_quality",
        period="weekly",
        now=now,
    )
    assert [e.score for e in maths.entries] == [2, 1]


def helped(helper, requester, skill, at, status="completed"):
    HelpRequest.objects.create(
        requester=requester,
        school_class=requester.enrollments.get().school_class,
        skill=skill,
        topic="Carrying",
        question="How do I carry the tens?",
        status=status,
        helper=helper,
        created_at=at - timedelta(minutes=20),
        accepted_at=at - timedelta(minutes=15),
        completed_at=at if status == "completed" else None,
    )


def test_peer_help_counts_completed_sessions_given(board):
    w, now = board.world, timezone.now()
    alice, bilal, dina, emre, *_ = board.class_a
    join(*board.class_a)
    inertia = w.physics_exercise.skill
    helped(alice, bilal, w.skills[0], days_ago(now, 1))
    helped(alice, dina, w.skills[1], days_ago(now, 2))
    helped(alice, emre, inertia, days_ago(now, 3))
    helped(alice, bilal, w.skills[0], days_ago(now, 10))  # before the week
    helped(bilal, alice, inertia, days_ago(now, 1))
    helped(dina, alice, w.skills[0], days_ago(now, 1), status="accepted")  # not finished
    result = selectors.board(
        viewer=bilal, scope=scope_of(bilal), metric="peer_help", period="weekly", now=now
    )
    assert [(e.score, e.is_viewer) for e in result.entries] == [(3, False), (1, True)]
    assert result.standing == rules.Standing(1, 6, 80, "half")
    maths = selectors.board(
        viewer=bilal, scope=scope_of(bilal, w.math), metric="peer_help", period="weekly", now=now
    )
    assert [(e.score, e.is_viewer) for e in maths.entries] == [(2, False)]
    physics = selectors.board(
        viewer=bilal,
        scope=scope_of(bilal, w.physics),
        metric="peer_help",
        period="monthly",
        now=now,
    )
    assert sorted(e.score for e in physics.entries) == [1, 1]


def test_a_concept_counts_as_mastered_only_as_the_student_saw_it(board):
    """One sitting at 95% was shown as 89%, proficient: not a concept mastered; the same
    95% after a second day is."""
    w, now = board.world, timezone.now()
    alice, bilal, *_ = board.class_a
    join(*board.class_a)
    snap = snapshot(alice, w.skills[0], days_ago(now, 2), 95)
    MasterySnapshot.objects.filter(pk=snap.pk).update(sessions=1)
    snapshot(bilal, w.skills[0], days_ago(now, 2), 95)
    weekly = selectors.board(
        viewer=alice, scope=scope_of(alice), metric="mastery_growth", period="weekly", now=now
    )
    assert [(e.score, e.is_viewer) for e in weekly.entries] == [(1, False)]
