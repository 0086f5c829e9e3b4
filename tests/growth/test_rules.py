"""growth.rules: the pure fold behind personal bests, learning moments and rushing."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from growth import rules
from growth.rules import GrowthState, PassFinish, PassStats, Standing
from tests.growth.helpers import T0, facts, past

# --- records -------------------------------------------------------------------------------------


def test_first_value_is_a_baseline_not_a_celebration():
    standing, action = rules.record_check(Standing(), value=40, period="p1")
    assert action == "baseline" and standing == Standing(40, "p1", None)


def test_higher_value_in_a_new_period_is_a_record_with_the_best_it_beat():
    standing, action = rules.record_check(Standing(78, "p1", None), value=95, period="p2")
    assert action == "record" and standing == Standing(95, "p2", 78)


def test_higher_value_in_the_same_period_raises_silently_and_keeps_what_it_beat():
    standing, action = rules.record_check(Standing(80, "p2", 78), value=85, period="p2")
    assert action == "raise" and standing == Standing(85, "p2", 78)


@pytest.mark.parametrize("value", [70, 78])
def test_equal_or_lower_value_changes_nothing(value):
    before = Standing(78, "p1", None)
    assert rules.record_check(before, value=value, period="p2") == (before, None)


def test_best_change_celebrates_only_new_records():
    baseline = rules.BestChange("accuracy_rate", "d", 50, None, True)
    record = rules.BestChange("accuracy_rate", "d", 60, 50, True)
    raise_ = rules.BestChange("accuracy_rate", "d", 65, 50, False)
    assert (baseline.celebrate, record.celebrate, raise_.celebrate) == (False, True, False)
    assert record.improvement == 10 and baseline.improvement is None


# --- accuracy ------------------------------------------------------------------------------------


def test_accuracy_needs_a_full_window():
    assert rules.accuracy_percent("1" * (rules.ACCURACY_WINDOW - 1)) is None
    assert rules.accuracy_percent("1" * 15 + "0" * 5) == 75


def test_accuracy_baseline_at_the_twentieth_first_try_then_a_record_next_day():
    state = GrowthState()
    changes = []
    for i in range(rules.ACCURACY_WINDOW):
        state, found = rules.step(state, facts(correct=i >= 10, question_id=i))
        changes += [c for c in found.bests if c.metric == rules.ACCURACY_RATE]
    assert [(c.value, c.previous, c.new_row) for c in changes] == [(50, None, True)]
    next_day = T0 + timedelta(days=1)
    state, found = rules.step(state, facts(at=next_day, question_id=99))
    accuracy = [c for c in found.bests if c.metric == rules.ACCURACY_RATE]
    assert [(c.value, c.previous, c.celebrate) for c in accuracy] == [(55, 50, True)]
    # Another right answer the same day raises the same record without a new celebration.
    state, found = rules.step(state, facts(at=next_day, question_id=100))
    accuracy = [c for c in found.bests if c.metric == rules.ACCURACY_RATE]
    assert [(c.value, c.previous, c.new_row) for c in accuracy] == [(60, 50, False)]


def test_retries_do_not_count_towards_accuracy():
    state, _ = rules.step(GrowthState(), facts(attempt_number=2))
    assert state.first_tries == ""


# --- streaks -------------------------------------------------------------------------------------


def _days(state, offsets):
    found_all = []
    for offset in offsets:
        state, found = rules.step(state, facts(at=T0 + timedelta(days=offset)))
        found_all.append(found)
    return state, found_all


def test_streak_counts_consecutive_days_and_restarts_after_a_gap():
    state, _ = _days(GrowthState(), [0, 0, 1, 2])
    assert state.streak_days == 3 and state.streak_start == T0.date()
    state, _ = _days(state, [4])
    assert state.streak_days == 1 and state.streak_start == T0.date() + timedelta(days=4)


def test_late_report_of_an_earlier_day_does_not_touch_the_streak():
    state, _ = _days(GrowthState(), [0, 1])
    state, _ = _days(state, [-3])
    assert state.streak_days == 2


def test_first_streak_is_the_baseline_and_a_longer_one_is_celebrated_once():
    state, found = _days(GrowthState(), [0, 1, 2, 10, 11, 12, 13, 14])
    streak = [
        (c.value, c.previous, c.new_row)
        for f in found
        for c in f.bests
        if c.metric == "streak_length"
    ]
    assert streak == [
        (1, None, True),  # baseline
        (2, None, False),
        (3, None, False),
        (4, 3, True),  # day 4 of the second streak beats the first: celebrated
        (5, 3, False),
    ]


def test_streak_milestone_is_a_regular_practice_candidate():
    _, found = _days(GrowthState(), [0, 1, 2])
    kinds = [[c.kind for c in f.candidates] for f in found]
    assert kinds[2].count(rules.PRACTICED_REGULARLY) == 1
    assert rules.PRACTICED_REGULARLY not in kinds[0] + kinds[1]


# --- weekly metrics ------------------------------------------------------------------------------


def test_concepts_mastered_count_distinct_skills_per_iso_week():
    state = GrowthState()
    crossings = [(1, 0), (1, 1), (2, 1), (3, 8)]  # (skill, day offset); T0 is a Monday
    for skill_id, offset in crossings:
        state, found = rules.step(
            state,
            facts(
                at=T0 + timedelta(days=offset),
                skill_id=skill_id,
                mastery_before=88,
                mastery_after=91,
            ),
        )
    assert state.week_skills == (3,)  # a new week started on day 7
    assert state.standing(rules.CONCEPTS_MASTERED_WEEK).best == 2


def test_improvement_rate_is_the_weeks_net_mastery_gain():
    state = GrowthState()
    for before, after in [(20, 30), (30, 25), (25, 40)]:
        state, _ = rules.step(state, facts(mastery_before=before, mastery_after=after))
    assert state.week_gain == 20
    assert state.standing(rules.IMPROVEMENT_RATE) == Standing(
        20, rules.week_period(T0.date()), None
    )


def test_week_period_is_iso():
    assert rules.week_period(date(2027, 1, 1)) == "2026-W53"


# --- recognitions --------------------------------------------------------------------------------


def test_self_correction_wrong_then_right_without_hint():
    a = facts(attempt_number=2)
    assert rules.self_correction(a, past((False, 1, 40)))
    assert not rules.self_correction(replace(a, hint_used=True), past((False, 1, 40)))
    assert not rules.self_correction(a, past((True, 1, 40)))
    # After a second wrong try the worked solution was on screen: copying it is no correction.
    assert not rules.self_correction(replace(a, attempt_number=3), past((False, 2, 40)))
    # A click-through guess is not a real try.
    quick = [replace(past((False, 1, 40))[0], time_spent_ms=1500)]
    assert not rules.self_correction(a, quick)
    # Hours later it is a new sitting.
    assert not rules.self_correction(a, past((False, 1, 3 * 3600)))


def test_persistence_needs_a_hard_question_two_real_misses_and_a_return():
    a = facts(attempt_number=3)
    two_misses = past((False, 2, 2 * 3600), (False, 1, 2 * 3600 + 60))
    assert rules.persistence(a, two_misses, hard=True) == 2
    assert rules.persistence(a, two_misses, hard=False) == 0
    assert rules.persistence(a, past((False, 2, 60), (False, 1, 120)), hard=True) == 0
    assert rules.persistence(a, past((False, 1, 2 * 3600)), hard=True) == 0
    # Misses before an earlier success do not count again.
    assert (
        rules.persistence(a, past((False, 3, 7200), (True, 2, 7300), (False, 1, 7400)), True) == 0
    )


def test_hard_means_advanced_or_above_the_students_level():
    assert rules.is_hard("advanced", 95, 30)
    assert rules.is_hard("intermediate", 20, 5)  # beginner on the skill
    assert not rules.is_hard("intermediate", 50, 5)  # developing: intermediate is their level
    assert not rules.is_hard("beginner", 10, 5)


def test_deep_thinking_against_the_students_own_median():
    a = facts(time_spent_ms=70_000)
    assert rules.deep_thinking(a, 30_000, hard=True)
    assert not rules.deep_thinking(a, 30_000, hard=False)
    assert not rules.deep_thinking(a, 40_000, hard=True)  # not twice the median
    assert not rules.deep_thinking(a, None, hard=True)  # too few samples yet
    assert not rules.deep_thinking(replace(a, correct=False), 30_000, hard=True)
    walked_away = replace(a, time_spent_ms=rules.DEEP_THINKING_MAX_MS + 1)
    assert not rules.deep_thinking(walked_away, 30_000, hard=True)
    assert rules.median_time([10] * (rules.MEDIAN_MIN_SAMPLES - 1)) is None


def test_faced_challenge_above_level_or_sticking_with_a_hard_skill():
    assert rules.faced_challenge(facts(difficulty="intermediate", mastery_before=20))
    assert not rules.faced_challenge(
        facts(difficulty="beginner", mastery_before=20, skill_attempts_before=0)
    )
    assert rules.faced_challenge(
        facts(difficulty="beginner", mastery_before=30, skill_attempts_before=8)
    )
    assert not rules.faced_challenge(facts(difficulty="expert", mastery_before=20, correct=False))


def test_improved_strategy_better_score_with_less_help():
    before = PassStats(score=50, hints=2, retries=2)
    assert rules.improved_strategy(PassStats(80, 1, 0), before)
    assert not rules.improved_strategy(PassStats(80, 3, 0), before)  # more hints
    assert not rules.improved_strategy(PassStats(50, 0, 0), before)  # same score
    assert not rules.improved_strategy(PassStats(80, 2, 2), before)  # no less help
    assert not rules.improved_strategy(PassStats(80, 0, 0), None)


def test_candidates_are_in_priority_order():
    finish = PassFinish("run:2", PassStats(100, 0, 0), PassStats(50, 1, 1), exercise_best=50)
    a = facts(attempt_number=2, difficulty="advanced", mastery_before=20)
    _, found = rules.step(GrowthState(), a, past=past((False, 1, 40)), finish=finish)
    assert [c.kind for c in found.candidates] == [
        rules.IMPROVED_STRATEGY,
        rules.SELF_CORRECTION,
        rules.FACED_CHALLENGE,
    ]
    assert [
        (c.metric, c.value, c.previous) for c in found.bests if c.metric == "exercise_score"
    ] == [("exercise_score", 100, 50)]


def test_choose_respects_the_daily_cap_and_once_per_exercise():
    candidates = [rules.Candidate(k) for k in rules.RECOGNITION_KINDS]
    state, chosen = rules.choose_recognitions(
        GrowthState(), candidates, already={rules.IMPROVED_STRATEGY}, day=T0.date()
    )
    assert [c.kind for c in chosen] == list(
        rules.RECOGNITION_KINDS[1 : 1 + rules.RECOGNITIONS_PER_DAY]
    )
    state, chosen = rules.choose_recognitions(state, candidates, already=set(), day=T0.date())
    assert chosen == []
    _, chosen = rules.choose_recognitions(
        state, candidates, already=set(), day=T0.date() + timedelta(days=1)
    )
    assert len(chosen) == rules.RECOGNITIONS_PER_DAY


# --- rushing -------------------------------------------------------------------------------------


def _answers(state, specs, start=T0):
    """specs: (seconds since start, time spent ms, correct)."""
    out = []
    for i, (offset, spent, ok) in enumerate(specs):
        a = facts(
            at=start + timedelta(seconds=offset),
            time_spent_ms=spent,
            correct=ok,
            question_id=i,
            difficulty="expert",
            mastery_before=10,
        )
        state, found = rules.step(state, a)
        out.append(found)
    return state, out


def test_five_fast_mostly_wrong_answers_are_rushing_and_earn_nothing():
    specs = [(i * 5, 2500, i in (1, 3)) for i in range(6)]
    state, found = _answers(GrowthState(), specs)
    assert [f.rushed for f in found] == [False, False, False, False, True, True]
    assert all(not f.candidates and not f.bests for f in found[4:])
    assert found[-1].rush.answers == 6 and found[-1].rush.wrong == 4
    # Rushed answers are not practice days.
    assert found[0].bests and state.streak_days == 1


def test_fast_and_right_is_a_fluent_student_not_rushing():
    state, found = _answers(GrowthState(), [(i * 5, 2500, True) for i in range(8)])
    assert not any(f.rushed for f in found)


def test_unmeasured_time_is_never_fast():
    state, found = _answers(GrowthState(), [(i * 5, 0, False) for i in range(8)])
    assert not any(f.rushed for f in found)


def test_fast_answers_spread_beyond_the_window_are_not_rushing():
    spread = rules.RUSH_WINDOW.total_seconds() / 3
    state, found = _answers(GrowthState(), [(i * spread, 2000, False) for i in range(8)])
    assert not any(f.rushed for f in found)


def test_rushing_suggestion():
    assert rules.rushing_suggestion(days_flagged=3, answers=10, wrong=6) == "check_in"
    assert rules.rushing_suggestion(days_flagged=1, answers=10, wrong=10) == "use_hints"
    assert rules.rushing_suggestion(days_flagged=1, answers=10, wrong=7) == "slow_down"


# --- passes --------------------------------------------------------------------------------------


def test_replayed_pass_counts_first_answers_like_run_record():
    p = rules.OpenPass(period="pass:1", started_at=T0, total=2)
    assert not p.add(question_id=1, correct=False, hint_used=True)
    assert not p.add(question_id=1, correct=True, hint_used=True)
    assert p.add(question_id=2, correct=True, hint_used=False)
    assert p.stats() == PassStats(score=50, hints=1, retries=1)


# --- properties ----------------------------------------------------------------------------------

attempt_specs = st.lists(
    st.tuples(
        st.integers(0, 3 * 24 * 3600),  # seconds after the previous answer
        st.sampled_from([0, 1500, 3000, 9000, 30_000, 90_000]),  # time spent
        st.booleans(),  # correct
        st.integers(1, 4),  # attempt number
        st.booleans(),  # hint
        st.integers(0, 3),  # skill / exercise
        st.sampled_from(list(rules.DIFFICULTY_RANK)),
        st.integers(0, 100),  # mastery before
        st.integers(-10, 10),  # mastery change
        st.one_of(st.none(), st.integers(0, 100)),  # a pass finishing with this score
    ),
    max_size=80,
)


def _replay(specs):
    state = GrowthState()
    at = T0
    out = []
    best_per_exercise: dict[int, int] = {}
    for i, (gap, spent, ok, number, hint, ex, diff, before, delta, score) in enumerate(specs):
        at = at + timedelta(seconds=gap)
        a = facts(
            at=at,
            correct=ok,
            attempt_number=number,
            time_spent_ms=spent,
            hint_used=hint,
            question_id=i % 5,
            exercise_id=ex,
            skill_id=ex,
            difficulty=diff,
            mastery_before=before,
            mastery_after=max(0, min(100, before + delta)),
        )
        finish = None
        if score is not None:
            finish = PassFinish(f"run:{i}", PassStats(score, 0, 0), None, best_per_exercise.get(ex))
        earlier = past((not ok, max(1, number - 1), 60), at=at) if number > 1 else ()
        before_state = state
        state, found = rules.step(state, a, past=earlier, finish=finish)
        for change in found.bests:
            if change.metric == rules.EXERCISE_SCORE:
                best_per_exercise[ex] = max(best_per_exercise.get(ex, -1), change.value)
        state, chosen = rules.choose_recognitions(state, found.candidates, already=set(), day=a.day)
        out.append((before_state, a, found, chosen, state))
    return out


@settings(max_examples=150, deadline=None)
@given(attempt_specs)
def test_records_are_monotone_and_each_period_is_celebrated_at_most_once(specs):
    seen_rows: set[tuple[str, int | None, str]] = set()
    for before, _a, found, _chosen, after in _replay(specs):
        for metric in rules.STUDENT_METRICS:
            old, new = before.standing(metric).best, after.standing(metric).best
            assert old is None or (new is not None and new >= old)
        for change in found.bests:
            key = (change.metric, change.exercise_id, change.period)
            if change.new_row:
                assert key not in seen_rows
                seen_rows.add(key)
            else:
                assert key in seen_rows  # a raise always has its row
            if change.previous is not None:
                assert change.value > change.previous
            if change.metric in (rules.ACCURACY_RATE, rules.EXERCISE_SCORE):
                assert 0 <= change.value <= 100


@settings(max_examples=150, deadline=None)
@given(attempt_specs)
def test_daily_cap_holds_and_rushed_answers_earn_nothing(specs):
    per_day: dict = {}
    for _before, a, found, chosen, _after in _replay(specs):
        per_day[a.day] = per_day.get(a.day, 0) + len(chosen)
        assert per_day[a.day] <= rules.RECOGNITIONS_PER_DAY
        if found.rushed:
            assert not found.candidates and not found.bests
            assert rules.is_fast(a.time_spent_ms)


@settings(max_examples=100, deadline=None)
@given(attempt_specs)
def test_step_is_pure_and_deterministic(specs):
    first = _replay(specs)
    second = _replay(specs)
    assert [(f[2], f[3], f[4]) for f in first] == [(s[2], s[3], s[4]) for s in second]


@given(st.text(alphabet="01", max_size=60))
def test_accuracy_is_a_percentage(first_tries):
    value = rules.accuracy_percent(first_tries)
    if len(first_tries) < rules.ACCURACY_WINDOW:
        assert value is None
    else:
        assert 0 <= value <= 100


def test_a_fast_answer_earns_no_per_answer_recognition():
    hard_retry = facts(attempt_number=2, difficulty="expert", mastery_before=10)
    _, careful = rules.step(GrowthState(), hard_retry, past=past((False, 1, 40)))
    assert {c.kind for c in careful.candidates} == {rules.SELF_CORRECTION, rules.FACED_CHALLENGE}
    quick = replace(hard_retry, time_spent_ms=rules.FAST_ANSWER_MS - 1)
    _, found = rules.step(GrowthState(), quick, past=past((False, 1, 40)))
    assert found.candidates == []


def test_step_leaves_the_given_state_alone():
    state = GrowthState()
    rules.step(state, facts(mastery_before=88, mastery_after=92))
    assert state == GrowthState()
