"""The class view's cost follows what it shows, not the history behind it (issue 10): a fixed
number of queries whatever the history's length or the class's size, and of the daily
snapshots only those that answer for "now" and "a week ago", with the very numbers a replay
of every snapshot gives."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.teacher import WEEK, class_growth
from mastery import history, services
from mastery.models import MasterySnapshot
from mastery.selectors import class_states_now_and_then, snapshot_points
from schools.models import Enrollment
from tests.dashboards.helpers import answer, count_queries
from tests.factories import correct_choice, make_user, wrong_choice

pytestmark = pytest.mark.django_db


def _history(students, questions, days: int, per_day: int, ended_days_ago: int = 0):
    """Answers spread over `days` days up to `ended_days_ago` (a third of them wrong), folded
    as the live path folds them."""
    start = timezone.now() - timedelta(days=days + ended_days_ago)
    for d in range(days):
        for k in range(per_day):
            for student in students:
                q = questions[(d + k) % len(questions)]
                right = bool((d + k) % 3)
                if q.kind == "choice":
                    value = str((correct_choice(q) if right else wrong_choice(q)).pk)
                else:
                    value = "7" if right else "6"
                services.attempt_record(
                    student=student,
                    question=q,
                    answer=value,
                    answered_at=start + timedelta(days=d, minutes=k),
                    time_spent_ms=9000,
                )


def _every_snapshot(student, skills) -> history.Timeline:
    """The old way: every snapshot of the student's history, replayed in Python."""
    return history.Timeline(
        (
            history.Point(s.skill_id, s.last_practiced_at, s.state)
            for s in MasterySnapshot.objects.filter(student=student)
        ),
        {s.pk: s.top_level for s in skills},
    )


def test_class_view_query_count_does_not_grow_with_history_or_class_size(client, world):
    client.force_login(world.teacher_a)
    path = reverse("class_detail", args=[world.class_a.pk])
    long_ago = timezone.now() - timedelta(days=90)
    answer(world.alice, world.choice_q, right=True, answered_at=long_ago, time_spent_ms=9000)
    short = count_queries(client, path)
    _history([world.alice, world.bilal], [world.choice_q, world.numeric_q], days=60, per_day=2)
    assert MasterySnapshot.objects.filter(student=world.alice).count() > 50
    long = count_queries(client, path)
    pupils = [make_user(f"pupil{i}") for i in range(8)]
    Enrollment.objects.bulk_create(
        Enrollment(student=p, school_class=world.class_a) for p in pupils
    )
    _history(pupils[:3], [world.choice_q], days=20, per_day=1)
    larger = count_queries(client, path)
    assert short == long == larger, (short, long, larger)
    assert larger <= 27


def test_snapshot_points_answer_as_the_whole_history_and_read_only_what_is_asked(world):
    _history([world.alice, world.bilal], [world.choice_q, world.numeric_q], days=90, per_day=2)
    skills = list(world.skills)
    now = timezone.now()
    # Now, a week ago, mid-history, and before the first answer (nothing to show yet).
    moments = [now, now - WEEK, now - timedelta(days=45, hours=5), now - timedelta(days=120)]
    points = snapshot_points(
        student_ids=[world.alice.pk, world.bilal.pk, world.chloe.pk],
        skill_ids=[s.pk for s in skills],
        moments=moments,
    )
    assert world.chloe.pk not in points  # no history, no rows
    top = {s.pk: s.top_level for s in skills}
    for student in (world.alice, world.bilal):
        every = _every_snapshot(student, skills)
        read = history.Timeline(points[student.pk], top)
        # Far fewer rows than the history holds: at most one per skill and moment.
        assert MasterySnapshot.objects.filter(student=student).count() > 80
        assert len(points[student.pk]) <= len(skills) * len(moments)
        for skill in skills:
            for moment in moments:
                assert read.state_at(skill.pk, moment) == every.state_at(skill.pk, moment)
                assert read.demonstrated(skill.pk, moment) == every.demonstrated(skill.pk, moment)
        assert read.state_at(skills[0].pk, moments[-1]) is None
        assert read.state_at(skills[0].pk, now) is not None


def test_snapshot_points_is_one_query_even_when_nothing_is_asked(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert snapshot_points(student_ids=[], skill_ids=[], moments=[]) == {}


def test_class_growth_numbers_are_those_of_every_snapshot_replayed(world, monkeypatch):
    # Alice stopped ten days ago (a week of forgetting); Bilal began five days ago.
    questions = [world.choice_q, world.numeric_q]
    _history([world.alice], questions, days=60, per_day=3, ended_days_ago=10)
    _history([world.bilal], questions, days=5, per_day=3)
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    growth = class_growth(teacher=world.teacher_a, school_class=world.class_a)
    ids = [s.pk for s in world.skills]
    assert {r.student.pk for r in growth.rows} == {world.alice.pk, world.bilal.pk}
    for row in growth.rows:
        every = _every_snapshot(row.student, world.skills)
        assert row.week_change == every.average_at(ids, now) - every.average_at(ids, now - WEEK)
    assert any(r.week_change for r in growth.rows)  # the comparison is not vacuous


def test_class_progress_states_are_the_rows_states(world, django_assert_num_queries):
    from mastery.models import SkillProgress
    from mastery.selectors import class_progress_states

    _history([world.alice, world.bilal], [world.choice_q, world.numeric_q], days=5, per_day=2)
    ids = [world.alice.pk, world.bilal.pk, world.chloe.pk]
    skill_ids = [s.pk for s in world.skills]
    with django_assert_num_queries(1):
        states = class_progress_states(student_ids=ids, skill_ids=skill_ids)
    expected: dict = {}
    for row in SkillProgress.objects.filter(student_id__in=ids, skill_id__in=skill_ids):
        expected.setdefault(row.student_id, {})[row.skill_id] = row.state
    assert states == expected and set(states) == {world.alice.pk, world.bilal.pk}


def test_now_and_then_are_the_progress_row_and_the_snapshot_a_replay_gives(
    world, django_assert_num_queries
):
    # Alice practised until ten days ago (a week ago she is unchanged); Bilal every day.
    questions = [world.choice_q, world.numeric_q]
    _history([world.alice], questions, days=40, per_day=2, ended_days_ago=10)
    _history([world.bilal], questions, days=40, per_day=2)
    then = timezone.now() - WEEK
    ids = [world.alice.pk, world.bilal.pk, world.chloe.pk]
    skill_ids = [s.pk for s in world.skills]
    with django_assert_num_queries(1):
        found = class_states_now_and_then(student_ids=ids, skill_ids=skill_ids, then=then)
    assert set(found) == {world.alice.pk, world.bilal.pk}  # Chloe has no progress
    kept = MasterySnapshot.STATE_FIELDS
    for student in (world.alice, world.bilal):
        every = _every_snapshot(student, world.skills)
        progress = {p.skill_id: p.state for p in student.skill_progress.all()}
        assert set(found[student.pk]) == set(progress)
        for skill_id, pair in found[student.pk].items():
            for field in kept:
                assert getattr(pair.now, field) == getattr(progress[skill_id], field), field
            assert pair.then == every.state_at(skill_id, then)
    alice_pair = next(iter(found[world.alice.pk].values()))
    assert alice_pair.then is alice_pair.now  # unchanged since: one state, read once
    bilal_pair = next(iter(found[world.bilal.pk].values()))
    assert bilal_pair.then != bilal_pair.now
