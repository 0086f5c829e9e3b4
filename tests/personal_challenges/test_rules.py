"""The pure rules: progress folds, suggestions, the progress bar."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from personal_challenges import rules

DAY = date(2026, 11, 2)


def facts(**overrides) -> rules.AttemptFacts:
    values = {
        "day": DAY,
        "exercise_id": 1,
        "skill_id": 1,
        "time_spent_ms": 30_000,
        "mastery_after": 50,
        "run_answered": 1,
        "finished_score": None,
    }
    values.update(overrides)
    return rules.AttemptFacts(**values)


def test_a_streak_grows_one_day_at_a_time_and_restarts_after_a_gap():
    p = rules.Progress()
    for offset in range(3):
        p = rules.streak_step(p, DAY + timedelta(days=offset))
        p = rules.streak_step(p, DAY + timedelta(days=offset))  # twice the same day: once
    assert (p.value, p.best) == (3, 3)
    p = rules.streak_step(p, DAY + timedelta(days=5))
    assert (p.value, p.best) == (1, 3)  # a new run; the longest one is kept
    assert rules.streak_step(p, DAY) == p  # a late report of an earlier day changes nothing


def test_a_streak_not_kept_up_shows_zero_but_remembers_its_best():
    goal = rules.Goal(rules.LEARNING_STREAK, 7)
    p = rules.Progress(value=4, best=4, last_day=DAY)
    assert rules.current_value(goal, p, DAY + timedelta(days=1)) == 4
    assert rules.current_value(goal, p, DAY + timedelta(days=2)) == 0
    assert not rules.is_complete(goal, p)


def test_daily_practice_counts_a_day_once_when_its_total_reaches_the_goal():
    goal = rules.Goal(rules.DAILY_PRACTICE, 3, daily_unit=rules.QUESTIONS, daily_goal=2)
    p = rules.Progress()
    p = rules.after_attempt(goal, p, facts())
    assert (p.value, p.day_total) == (0, 1)
    p = rules.after_attempt(goal, p, facts())
    assert (p.value, p.day_total) == (1, 2)
    p = rules.after_attempt(goal, p, facts())  # a third answer the same day: still one day
    assert p.value == 1
    p = rules.after_attempt(goal, p, facts(day=DAY + timedelta(days=3)))
    assert (p.value, p.day_total, p.last_day) == (1, 1, DAY + timedelta(days=3))


def test_quick_guesses_do_not_count_as_daily_questions():
    goal = rules.Goal(rules.DAILY_PRACTICE, 1, daily_unit=rules.QUESTIONS, daily_goal=1)
    p = rules.after_attempt(goal, rules.Progress(), facts(time_spent_ms=1_500))
    assert p.value == 0 and p.day_total == 0


def test_daily_minutes_add_up_the_time_spent():
    goal = rules.Goal(rules.DAILY_PRACTICE, 1, daily_unit=rules.MINUTES, daily_goal=1)
    p = rules.after_attempt(goal, rules.Progress(), facts(time_spent_ms=40_000))
    assert (p.value, p.day_total) == (0, 40)
    p = rules.after_attempt(goal, p, facts(time_spent_ms=20_000))
    assert (p.value, p.day_total) == (1, 60)
    assert rules.is_complete(goal, p)


def test_a_score_counts_only_when_a_pass_on_that_exercise_finishes():
    goal = rules.Goal(rules.BEAT_SCORE, 80, exercise_id=1)
    start = rules.Progress(value=60, best=60)
    assert rules.after_attempt(goal, start, facts()) == start  # pass still going
    other = facts(exercise_id=2, finished_score=100)
    assert rules.after_attempt(goal, start, other) == start
    lower = rules.after_attempt(goal, start, facts(finished_score=40))
    assert lower.value == 60  # a weaker pass never lowers the best
    done = rules.after_attempt(goal, lower, facts(finished_score=80))
    assert rules.is_complete(goal, done)


def test_mastering_a_skill_follows_its_mastery_and_completion_sticks():
    goal = rules.Goal(rules.MASTER_SKILL, rules.MASTERED, skill_id=1)
    p = rules.after_attempt(goal, rules.Progress(), facts(mastery_after=91))
    assert rules.is_complete(goal, p)
    p = rules.after_attempt(goal, p, facts(mastery_after=85))
    assert p.value == 85 and rules.is_complete(goal, p)
    assert rules.after_attempt(goal, p, facts(skill_id=2, mastery_after=10)) == p


def test_advanced_content_counts_questions_in_the_pass_until_it_finishes():
    goal = rules.Goal(rules.ADVANCED_CONTENT, 4, exercise_id=1)
    p = rules.after_attempt(goal, rules.Progress(), facts(run_answered=2))
    assert p.value == 2 and not rules.is_complete(goal, p)
    p = rules.after_attempt(goal, p, facts(run_answered=4, finished_score=50))
    assert rules.is_complete(goal, p)
    assert rules.after_attempt(goal, p, facts(run_answered=None)) == p


def test_help_counts_completed_sessions():
    goal = rules.Goal(rules.HELP_OTHERS, 2)
    p = rules.after_help(goal, rules.Progress(), sessions=1)
    assert p.value == 1 and not rules.is_complete(goal, p)
    assert rules.is_complete(goal, rules.after_help(goal, p, sessions=2))


def test_the_bar_fills_from_the_best_a_score_challenge_set_out_to_beat():
    goal = rules.Goal(rules.BEAT_SCORE, 80, exercise_id=1)
    assert rules.percent(goal, rules.Progress(60, 60), baseline=60, today=DAY) == 0
    assert rules.percent(goal, rules.Progress(70, 70), baseline=60, today=DAY) == 50
    assert rules.percent(goal, rules.Progress(80, 80), baseline=60, today=DAY) == 100


def test_score_targets_must_beat_the_best():
    assert rules.score_target_error(target=70, best=None) == "no_best"
    assert rules.score_target_error(target=100, best=100) == "already_perfect"
    assert rules.score_target_error(target=60, best=60) == "not_above_best"
    assert rules.score_target_error(target=101, best=60) == "not_above_best"
    assert rules.score_target_error(target=61, best=60) is None


def test_a_three_question_exercise_suggests_a_score_it_can_produce():
    assert rules.achievable_scores(3) == [0, 33, 67, 100]
    assert rules.suggest_score(best=67, questions=3) == 100
    assert rules.suggest_score(best=100, questions=3) is None
    assert rules.suggest_score(best=60, questions=20) == 65


@given(best=st.integers(0, 99), questions=st.integers(1, 40))
def test_a_suggested_score_is_always_a_reachable_step_above_the_best(best, questions):
    suggested = rules.suggest_score(best=best, questions=questions)
    assert suggested is not None
    assert best < suggested <= 100
    assert suggested in rules.achievable_scores(questions)
    assert rules.score_target_error(target=suggested, best=best) is None


@given(best=st.integers(0, 400), days=st.one_of(st.none(), st.integers(0, 130)))
def test_a_suggested_streak_fits_before_the_deadline(best, days):
    deadline = None if days is None else DAY + timedelta(days=days)
    suggested = rules.suggest_streak(best_streak=best, deadline=deadline, today=DAY)
    assert 1 <= suggested <= rules.max_streak(deadline=deadline, today=DAY) or days == 0
    assert suggested <= rules.MAX_STREAK_DAYS
    if best < rules.STREAK_STEPS[-1] and deadline is None:
        assert suggested > best


@given(
    unit=st.sampled_from(rules.DAILY_UNITS),
    totals=st.lists(st.integers(0, 20_000), max_size=14),
)
def test_a_suggested_daily_amount_is_a_round_number_within_bounds(unit, totals):
    amount = rules.suggest_daily(unit=unit, day_totals=totals)
    high = rules.MAX_DAILY_MINUTES if unit == rules.MINUTES else rules.MAX_DAILY_QUESTIONS
    assert rules.DAILY_ROUND <= amount <= high
    assert amount % rules.DAILY_ROUND == 0


@given(st.lists(st.integers(0, 4), min_size=1, max_size=40))
def test_a_streaks_best_never_falls_and_bounds_its_value(gaps):
    p, day = rules.Progress(), DAY
    for gap in gaps:
        day += timedelta(days=gap)
        before = p
        p = rules.streak_step(p, day)
        assert p.best >= before.best
        assert 1 <= p.value <= p.best


@given(
    kind=st.sampled_from(rules.ATTEMPT_KINDS),
    events=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 100), st.integers(0, 60_000), st.booleans()),
        max_size=30,
    ),
)
def test_progress_stays_on_the_bar(kind, events):
    goal = rules.Goal(kind, 5, exercise_id=1, skill_id=1, daily_unit=rules.QUESTIONS, daily_goal=2)
    p, day = rules.Progress(), DAY
    for gap, mastery, spent, finished in events:
        day += timedelta(days=gap)
        p = rules.after_attempt(
            goal,
            p,
            facts(
                day=day,
                mastery_after=mastery,
                time_spent_ms=spent,
                finished_score=mastery if finished else None,
            ),
        )
        shown = rules.percent(goal, p, baseline=None, today=day)
        assert 0 <= shown <= 100
        assert (shown == 100) == rules.is_complete(goal, p)
        assert p.best >= p.value or kind == rules.MASTER_SKILL


def test_advanced_content_is_above_the_level_or_a_skill_just_opened():
    assert rules.is_advanced(difficulty="beginner", mastery=0, attempts=0, status="ready")
    assert rules.is_advanced(difficulty="advanced", mastery=30, attempts=5, status="in_progress")
    assert not rules.is_advanced(
        difficulty="beginner", mastery=30, attempts=5, status="in_progress"
    )
    assert not rules.is_advanced(difficulty="expert", mastery=0, attempts=0, status="locked")
    assert not rules.is_advanced(difficulty="expert", mastery=95, attempts=9, status="mastered")
