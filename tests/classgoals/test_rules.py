from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classgoals import rules


def test_students_needed_rounds_up():
    assert rules.students_needed(80, 25) == 20
    assert rules.students_needed(80, 24) == 20  # 19.2 students: a 20th is needed
    assert rules.students_needed(100, 3) == 3
    assert rules.students_needed(1, 0) == 0


def test_headcount_progress_says_how_many_more_students():
    p = rules.progress(kind=rules.MASTERED_SHARE, value=17, population=25, target=80)
    assert (p.goal_units, p.remaining, p.percent, p.reached) == (20, 3, 85, False)
    assert p.tone == "almost"


def test_count_progress_and_reaching():
    p = rules.progress(kind=rules.EXERCISES, value=38, population=25, target=50)
    assert (p.remaining, p.percent, p.reached, p.tone) == (12, 76, False, "halfway")
    done = rules.progress(kind=rules.EXERCISES, value=51, population=25, target=50)
    assert (done.remaining, done.percent, done.reached, done.tone) == (0, 100, True, "reached")


def test_mastery_average_remaining_is_in_points():
    p = rules.progress(kind=rules.MASTERY_AVERAGE, value=68, population=25, target=80)
    assert (p.remaining, p.percent) == (12, 85)


def test_an_empty_class_never_reaches_a_share_goal():
    p = rules.progress(kind=rules.PARTICIPATION, value=0, population=0, target=50)
    assert not p.reached and p.percent == 0


def test_percent_stays_below_100_until_reached():
    p = rules.progress(kind=rules.EXERCISES, value=999, population=1, target=1000)
    assert p.percent == 99 and not p.reached


@given(
    kind=st.sampled_from(rules.KINDS),
    value=st.integers(0, 6000),
    population=st.integers(0, 60),
    target=st.integers(1, 5000),
)
def test_progress_is_consistent(kind, value, population, target):
    p = rules.progress(kind=kind, value=value, population=population, target=target)
    assert 0 <= p.percent <= 100
    assert p.reached == (p.remaining == 0 and p.goal_units > 0)
    assert (p.percent == 100) == p.reached


def test_mastery_measures():
    assert rules.mastery_average([]) == 0
    assert rules.mastery_average([70, 71]) == 71  # 70.5 rounds half up
    assert rules.student_mastery({1: 90, 2: 60}, [1, 2, 3]) == 50  # skill 3 not practised
    assert rules.mastery_measure([95, 90, 89], kind=rules.MASTERED_SHARE) == 2
    assert rules.mastery_measure([95, 90, 89], kind=rules.MASTERY_AVERAGE) == 91


def test_scope():
    assert rules.in_scope(subject_id=None, skill_id=None, of_skill=(5, 1))
    assert rules.in_scope(subject_id=1, skill_id=None, of_skill=(5, 1))
    assert not rules.in_scope(subject_id=2, skill_id=None, of_skill=(5, 1))
    assert rules.in_scope(subject_id=1, skill_id=5, of_skill=(5, 1))
    assert not rules.in_scope(subject_id=1, skill_id=6, of_skill=(5, 1))


def test_only_kinds_an_attempt_can_move_are_recomputed():
    moved = {k for k in rules.KINDS if rules.moved_by_attempt(kind=k, finished_pass=False)}
    assert moved == {rules.MASTERY_AVERAGE, rules.MASTERED_SHARE, rules.PARTICIPATION}
    moved = {k for k in rules.KINDS if rules.moved_by_attempt(kind=k, finished_pass=True)}
    assert rules.EXERCISES in moved and rules.REFLECTIONS not in moved
    assert rules.HELP_SESSIONS not in moved


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"kind": "nope"}, {"kind": "unknown_kind"}),
        ({"kind": rules.MASTERY_AVERAGE, "has_scope": False}, {"subject": "scope_required"}),
        ({"target": 0}, {"target": "target_too_small"}),
        ({"kind": rules.PARTICIPATION, "target": 101}, {"target": "percent_too_large"}),
        ({"target": rules.TARGET_MAX_COUNT + 1}, {"target": "target_too_large"}),
        ({"end": date(2026, 11, 1)}, {"end_date": "ends_before_start"}),
        ({"end": date(2027, 6, 1)}, {"end_date": "too_long"}),
        (
            {"start": date(2026, 10, 1), "end": date(2026, 10, 20)},
            {"end_date": "already_over"},
        ),
        ({}, {}),
    ],
)
def test_goal_errors(kwargs, expected):
    args = {
        "kind": rules.EXERCISES,
        "target": 30,
        "start": date(2026, 11, 20),
        "end": date(2026, 12, 10),
        "has_scope": True,
        "today": date(2026, 11, 25),
        **kwargs,
    }
    assert rules.goal_errors(**args) == expected
