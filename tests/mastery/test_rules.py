from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastery import rules

probability = st.floats(min_value=0, max_value=1, allow_nan=False)
params = st.builds(
    rules.BktParams,
    p_init=probability,
    p_learn=st.floats(min_value=0, max_value=0.5),
    p_guess=st.floats(min_value=0, max_value=0.45),
    p_slip=st.floats(min_value=0, max_value=0.45),
)


@given(probability, st.booleans(), params)
def test_mastery_stays_a_probability(p, correct, bkt):
    updated = rules.bkt_update(p, correct, bkt)
    assert 0 <= updated <= 1
    assert 0 <= rules.mastery_percent(updated) <= 100


@given(probability, params)
def test_correct_answer_never_lowers_mastery(p, bkt):
    assert rules.bkt_update(p, True, bkt) >= p - 1e-12


@given(probability, params)
def test_correct_beats_wrong(p, bkt):
    assert rules.bkt_update(p, True, bkt) >= rules.bkt_update(p, False, bkt) - 1e-12


@given(probability, st.floats(min_value=0, max_value=0.45), st.floats(min_value=0, max_value=0.45))
def test_wrong_answer_never_raises_mastery_without_learning(p, guess, slip):
    bkt = rules.BktParams(p_init=0.1, p_learn=0.0, p_guess=guess, p_slip=slip)
    assert rules.bkt_update(p, False, bkt) <= p + 1e-12


def test_repeated_success_reaches_mastery():
    p = rules.DEFAULT_BKT.p_init
    for _ in range(8):
        p = rules.bkt_update(p, True)
    assert rules.mastery_level(rules.mastery_percent(p), attempts=8) == "mastered"


def test_levels():
    assert rules.mastery_level(0, attempts=0) == "not_started"
    assert rules.mastery_level(39, attempts=3) == "beginner"
    assert rules.mastery_level(40, attempts=3) == "developing"
    assert rules.mastery_level(70, attempts=3) == "proficient"
    assert rules.mastery_level(90, attempts=3) == "mastered"


def test_skill_state():
    assert rules.skill_state(mastery=95, attempts=4, unlocked=True) == "mastered"
    assert rules.skill_state(mastery=10, attempts=0, unlocked=False) == "locked"
    assert rules.skill_state(mastery=10, attempts=0, unlocked=True) == "ready"
    assert rules.skill_state(mastery=50, attempts=2, unlocked=True) == "in_progress"


def test_parse_number_accepts_classroom_notations():
    assert rules.parse_number("3,5") == Decimal("3.5")
    assert rules.parse_number(" 12 ") == Decimal("12")
    assert rules.parse_number("٣٫٥") == Decimal("3.5")
    assert rules.parse_number("-0.25") == Decimal("-0.25")
    for bad in ("", "abc", "1/2", "inf", "NaN"):
        assert rules.parse_number(bad) is None


def test_time_spent_is_capped_and_never_negative():
    assert rules.time_spent_ms(1000, 500) == 0
    assert rules.time_spent_ms(0, 10**9) == rules.MAX_TIME_SPENT_MS
    assert rules.time_spent_ms(1000, 4000) == 3000


def test_feedback_kinds():
    assert rules.feedback_kind(correct=True, attempt_number=1) == "first_try"
    assert rules.feedback_kind(correct=True, attempt_number=3) == "after_retry"
    assert rules.feedback_kind(correct=False, attempt_number=1) == "keep_going"
    assert rules.feedback_kind(correct=False, attempt_number=2) == "show_solution"


def test_find_cycle():
    assert rules.find_cycle({1: [2], 2: [3], 3: []}) is None
    assert set(rules.find_cycle({1: [2], 2: [3], 3: [1]})) == {1, 2, 3}
    assert rules.find_cycle({1: [1]}) == [1]
    assert set(rules.find_cycle({4: [1], 1: [2], 2: [3], 3: [2]})) == {2, 3}


@given(st.dictionaries(st.integers(0, 12), st.lists(st.integers(0, 12), max_size=4), max_size=12))
def test_find_cycle_agrees_with_topological_sort(edges):
    graph = {k: set(v) for k, v in edges.items()}
    nodes = set(graph) | {n for v in graph.values() for n in v}
    remaining = {n: set(graph.get(n, ())) for n in nodes}
    while True:
        free = [n for n, deps in remaining.items() if not deps]
        if not free:
            break
        for n in free:
            del remaining[n]
        for deps in remaining.values():
            deps.difference_update(free)
    has_cycle = bool(remaining)
    cycle = rules.find_cycle(edges)
    assert (cycle is not None) == has_cycle
    if cycle:
        for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert b in graph[a]


# --- forgetting ----------------------------------------------------------------------------
T0 = datetime(2026, 9, 1, 16, 0, tzinfo=UTC)


def test_retention_formula():
    h = rules.INITIAL_HALF_LIFE_DAYS
    grace = rules.SESSION_GAP_DAYS
    assert rules.retention(0, h) == 1 and rules.retention(grace, h) == 1
    assert rules.retention(grace + h, h) == pytest.approx(
        rules.RETENTION_FLOOR + (1 - rules.RETENTION_FLOOR) / 2
    )
    assert rules.retention(10_000, h) == pytest.approx(rules.RETENTION_FLOOR)


@given(st.floats(0, 3650), st.floats(0, 3650), st.floats(1, 180))
def test_retention_only_fades(d1, d2, h):
    a, b = sorted((d1, d2))
    assert rules.RETENTION_FLOOR <= rules.retention(b, h) <= rules.retention(a, h) <= 1


def mastered_state():
    state = rules.ProgressState(p_known=0.15)
    for i in range(10):
        state = rules.apply_attempt(
            state,
            correct=True,
            evidence=rules.Evidence(level=i % 4),
            at=T0 + timedelta(days=i // 5, minutes=i),
            day=(T0 + timedelta(days=i // 5)).date(),
            params=rules.DEFAULT_BKT,
        )
    return state


def test_mastered_then_faded_then_refreshed():
    state = mastered_state()
    assert state.mastery_at(T0 + timedelta(days=1, hours=1)) >= 90
    later = T0 + timedelta(weeks=12)
    assert state.mastery_at(later) < 75 and state.due_for_refresh(later)
    refreshed = rules.apply_attempt(
        state,
        correct=True,
        evidence=rules.FRESH,
        at=later,
        day=later.date(),
        params=rules.DEFAULT_BKT,
    )
    assert refreshed.half_life_days == state.half_life_days * 2
    assert refreshed.mastery_at(later) > state.mastery_at(later)
    assert not refreshed.due_for_refresh(later + timedelta(days=1))


@given(
    st.floats(0, 1),
    st.booleans(),
    st.booleans(),
    st.floats(0, 400),
    st.floats(1, 180),
)
def test_apply_attempt_keeps_invariants(p, correct, first_try, gap_days, half_life):
    state = rules.ProgressState(
        p_known=p,
        attempts=3,
        correct=1,
        questions_seen=2,
        half_life_days=half_life,
        first_practiced_at=T0,
        last_practiced_at=T0,
    )
    at = T0 + timedelta(days=gap_days)
    evidence = rules.FRESH if first_try else rules.Evidence(exposures=1)
    after = rules.apply_attempt(
        state, correct=correct, evidence=evidence, at=at, day=at.date(), params=rules.DEFAULT_BKT
    )
    assert 0 <= after.p_known <= 1
    assert after.attempts == 4 and after.correct == 1 + correct
    assert after.last_practiced_at == at
    if correct:  # a correct answer never lowers current mastery
        assert after.mastery_at(at) >= state.mastery_at(at)
    else:  # a wrong one never raises it
        assert after.p_known <= state.p_at(at) + 1e-12


def test_correct_answers_to_reach():
    assert rules.correct_answers_to_reach(0.95, 70, rules.DEFAULT_BKT) == 0
    n = rules.correct_answers_to_reach(0.15, 70, rules.DEFAULT_BKT)
    assert 1 < n < 10
    p = 0.15
    for _ in range(n):
        p = rules.bkt_update(p, True)
    assert rules.mastery_percent(p) >= 70
    assert rules.correct_answers_to_reach(0.1, 99, rules.BktParams(0.1, 0.0, 0.5, 0.5)) is None
