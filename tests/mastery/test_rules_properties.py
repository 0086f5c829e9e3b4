"""The promises of the mastery model (mastery/rules.py), checked over its whole range.

A student who keeps answering right always rises; a wrong answer never raises; a repeat is
weaker evidence than a fresh item; one sitting never makes "mastered"; "mastered" needs two
days and the harder levels; `path_to`'s promise holds when followed.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mastery import rules

T0 = datetime(2026, 9, 1, 16, 0, tzinfo=UTC)
# Casablanca's winter offset: a day boundary that is not UTC's.
LOCAL = timezone(timedelta(hours=1))


def day_of(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


# Parameters in the range a skill can sensibly have: guessing and slipping below the point
# where answers stop telling knowers from the rest.
# (0, or at least 1e-9: below that, products underflow and floats stop telling values apart.)
def chance(high):
    return st.one_of(st.just(0.0), st.floats(1e-9, high))


sensible = st.builds(
    rules.BktParams,
    p_init=st.floats(0.01, 0.9),
    p_learn=chance(0.5),
    p_guess=chance(0.4),
    p_slip=chance(0.3),
)
evidence = st.builds(
    rules.Evidence,
    level=st.integers(0, 3),
    exposures=st.integers(0, 30),
    spaced=st.booleans(),
    hint_used=st.booleans(),
)
top_levels = st.integers(0, 3)


@st.composite
def answers(draw, max_size=40):
    """A history: (minutes after the previous answer, correct, evidence), gaps from seconds
    to weeks."""
    gap = st.one_of(st.floats(0, 120), st.floats(120, 60 * 24 * 30))
    return draw(st.lists(st.tuples(gap, st.booleans(), evidence), max_size=max_size))


def replay(history, params, start=T0, state=None):
    """Fold a history; yields (state before, moment, correct, evidence, state after)."""
    state = state or rules.ProgressState(p_known=params.p_init)
    at = start
    for minutes, correct, ev in history:
        at = at + timedelta(minutes=minutes)
        after = rules.apply_attempt(
            state, correct=correct, evidence=ev, at=at, day=day_of(at), params=params
        )
        yield state, at, correct, ev, after
        state = after


def fold(history, params, start=T0):
    state = rules.ProgressState(p_known=params.p_init)
    for _, _, _, _, state in replay(history, params, start):  # noqa: B007
        pass
    return state


# --- a student who keeps answering right always rises ---------------------------------------


@given(answers(), sensible, evidence, st.floats(0, 400), st.floats(0.01, 0.99))
def test_a_right_answer_always_raises_the_estimate(history, params, ev, gap_days, p):
    state = replace(fold(history, params), p_known=p)
    at = (state.last_practiced_at or T0) + timedelta(days=gap_days)
    after = rules.apply_attempt(
        state, correct=True, evidence=ev, at=at, day=day_of(at), params=params
    )
    assert after.p_known > state.p_at(at)


@given(answers(), sensible, evidence, st.floats(0, 400), top_levels)
def test_a_right_answer_never_lowers_the_displayed_number(history, params, ev, gap_days, top):
    state = fold(history, params)
    at = (state.last_practiced_at or T0) + timedelta(days=gap_days)
    after = rules.apply_attempt(
        state, correct=True, evidence=ev, at=at, day=day_of(at), params=params
    )
    before = rules.displayed(state, now=at, top_level=top)
    shown = rules.displayed(after, now=at, top_level=top)
    assert shown.percent >= before.percent
    # What "mastered" still needs only shrinks.
    assert set(rules.mastery_needs(after, top_level=top)) <= set(
        rules.mastery_needs(state, top_level=top)
    )


@given(
    answers(),
    sensible,
    st.lists(st.tuples(st.floats(0, 170), evidence), min_size=1, max_size=30),
    top_levels,
)
def test_right_answers_in_a_sitting_never_lower_what_the_student_saw(history, params, run, top):
    """Within a sitting (answers under SESSION_GAP_HOURS apart) the number seen before each
    answer, at any moment since the last one, is never above the number after it: across the
    hold at MASTERED - 1 and the forgetting curve alike."""
    state = fold(history, params)
    assume(state.attempts)
    at = state.last_practiced_at
    for minutes, ev in run:
        seen_at = at + timedelta(minutes=minutes / 2)
        at = at + timedelta(minutes=minutes)
        seen = rules.displayed(state, now=seen_at, top_level=top).percent
        state = rules.apply_attempt(
            state, correct=True, evidence=ev, at=at, day=day_of(at), params=params
        )
        assert rules.displayed(state, now=at, top_level=top).percent >= seen


@settings(max_examples=50)
@given(
    st.builds(
        rules.BktParams,
        p_init=st.floats(0.05, 0.3),
        p_learn=st.floats(0.05, 0.3),
        p_guess=st.floats(0.1, 0.25),
        p_slip=st.floats(0.05, 0.15),
    ),
    st.lists(st.integers(1, 10), min_size=30, max_size=30),
    top_levels,
)
def test_a_student_with_an_exhausted_bank_who_keeps_answering_right_reaches_proficient(
    params, exposures, top
):
    """student06's case: every item answered before, some many times. Served as spaced
    repeats, five a day, right answers lift the number past the unlock threshold within
    six days, from a low start."""
    state = rules.ProgressState(p_known=0.1, attempts=40, last_practiced_at=T0)
    at = T0
    for i, n in enumerate(exposures):
        at += timedelta(days=1) if i % 5 == 0 else timedelta(minutes=2)
        spaced = rules.Evidence(level=i % 4, exposures=n, spaced=True)
        state = rules.apply_attempt(
            state, correct=True, evidence=spaced, at=at, day=day_of(at), params=params
        )
    assert rules.displayed(state, now=at, top_level=top).percent >= rules.DEFAULT_UNLOCK_MASTERY


# --- a wrong answer never raises ------------------------------------------------------------


@given(answers(), sensible, evidence, st.floats(0, 400), top_levels)
def test_a_wrong_answer_never_raises(history, params, ev, gap_days, top):
    state = fold(history, params)
    at = (state.last_practiced_at or T0) + timedelta(days=gap_days)
    after = rules.apply_attempt(
        state, correct=False, evidence=ev, at=at, day=day_of(at), params=params
    )
    assert after.p_known <= state.p_at(at)
    if state.attempts:
        before = rules.displayed(state, now=at, top_level=top).percent
        assert rules.displayed(after, now=at, top_level=top).percent <= before
    assert (after.sessions, after.level_correct) == (state.sessions, state.level_correct)


# --- a repeat is weaker evidence than a fresh item ------------------------------------------


@given(st.floats(0.01, 0.99), sensible, evidence)
def test_a_repeat_is_weaker_evidence_than_a_fresh_item(p, params, ev):
    assume(ev.weight < 1)
    weaker = rules.weighted_params(params, ev.weight)
    # A right answer: the repeat raises less (the evidence and the learning step alike).
    assert rules.bkt_update(p, True, weaker) < rules.bkt_update(p, True, params)
    assert rules.bkt_posterior(p, True, weaker) < rules.bkt_posterior(p, True, params)
    # A wrong answer: the evidence lowers less (a student who never slips is refuted by one
    # wrong answer, repeat or not).
    wrong_repeat, wrong_fresh = (rules.bkt_posterior(p, False, x) for x in (weaker, params))
    assert wrong_repeat > wrong_fresh if params.p_slip > 0 else wrong_repeat == wrong_fresh == 0


@given(st.floats(0.01, 0.99), sensible, st.integers(0, 20), st.booleans())
def test_each_further_exposure_weighs_no_more(p, params, exposures, hint):
    now = rules.Evidence(exposures=exposures, hint_used=hint)
    later = rules.Evidence(exposures=exposures + 1, hint_used=hint)
    assert later.weight < now.weight
    assert rules.bkt_update(p, True, rules.weighted_params(params, later.weight)) <= (
        rules.bkt_update(p, True, rules.weighted_params(params, now.weight))
    )


def test_a_spaced_repeat_counts_as_one_exposure_and_for_mastery():
    spaced = rules.Evidence(exposures=6, spaced=True)
    assert spaced.weight == rules.SPACED_REPEAT_WEIGHT and spaced.counts_for_mastery
    immediate = rules.Evidence(exposures=1)
    assert not immediate.counts_for_mastery
    assert not rules.Evidence(hint_used=True).counts_for_mastery


def test_evidence_for_reads_spacing_from_the_last_answer():
    late = T0 + timedelta(days=1)
    assert rules.evidence_for(level=2, exposures=1, last_seen=T0, at=late, hint_used=False) == (
        rules.Evidence(level=2, exposures=1, spaced=True)
    )
    soon = T0 + timedelta(hours=20)
    assert not rules.evidence_for(
        level=2, exposures=1, last_seen=T0, at=soon, hint_used=False
    ).spaced


# --- "mastered" ---------------------------------------------------------------------------


@given(
    sensible,
    top_levels,
    st.lists(st.tuples(st.floats(0, 170), evidence), min_size=1, max_size=40),
    st.integers(0, 24 * 60 - 1),
)
def test_one_sitting_never_makes_mastered(params, top, run, start_minute):
    """Four beginner items, or forty of any kind, in one sitting (answers under three hours
    apart, even across midnight) never make "mastered", whatever the parameters."""
    at = datetime(2026, 9, 1, tzinfo=LOCAL) + timedelta(minutes=start_minute)
    state = None
    for minutes, ev in run:
        at += timedelta(minutes=minutes)
        state = rules.apply_attempt(
            state or rules.ProgressState(p_known=params.p_init),
            correct=True,
            evidence=ev,
            at=at,
            day=day_of(at),
            params=params,
        )
        assert not rules.displayed(state, now=at, top_level=top).mastered
        assert "another_day" in rules.mastery_needs(state, top_level=top)


@given(sensible, st.integers(0, 24 * 60 - 1), top_levels)
def test_four_beginner_items_in_a_minute_never_make_mastered(params, start_minute, top):
    at = datetime(2026, 9, 1, tzinfo=LOCAL) + timedelta(minutes=start_minute)
    state = rules.ProgressState(p_known=params.p_init)
    for i in range(4):
        moment = at + timedelta(seconds=15 * i)
        state = rules.apply_attempt(
            state,
            correct=True,
            evidence=rules.FRESH,
            at=moment,
            day=day_of(moment),
            params=params,
        )
    assert not rules.displayed(state, now=at + timedelta(minutes=1), top_level=top).mastered


def counted_evidence(history, params):
    """From the history alone: the days on which a sitting with a counted right answer began,
    and the counted right answers per level."""
    days, levels = set(), [0] * rules.LEVEL_COUNT
    sitting_day, last = None, None
    at = T0
    for minutes, correct, ev in history:
        at = at + timedelta(minutes=minutes)
        if last is None or at - last >= timedelta(hours=rules.SESSION_GAP_HOURS):
            sitting_day = day_of(at)
        last = at
        if correct and (ev.exposures == 0 or ev.spaced) and not ev.hint_used:
            days.add(sitting_day)
            levels[ev.level] += 1
    return days, levels


@given(answers(max_size=60), sensible, top_levels)
def test_mastered_needs_two_days_and_the_harder_levels(history, params, top):
    for _, at, _, _, after in replay(history, params):
        if rules.displayed(after, now=at, top_level=top).mastered:
            prefix = history[: after.attempts]
            days, levels = counted_evidence(prefix, params)
            assert len(days) >= rules.MASTERY_SESSIONS
            hard = min(rules.HARD_RANK, top)
            assert sum(levels[hard:]) >= rules.MASTERY_HARD_CORRECT


def test_right_answers_on_two_days_with_harder_items_do_make_mastered():
    params = rules.DEFAULT_BKT
    day1 = [(5, True, rules.Evidence(level=i % 4)) for i in range(6)]
    day2 = [(60 * 20, True, rules.Evidence(level=2))] + [
        (3, True, rules.Evidence(level=3)) for _ in range(2)
    ]
    state = fold(day1 + day2, params)
    now = state.last_practiced_at
    assert rules.displayed(state, now=now).mastered
    assert rules.mastery_needs(state) == ()
    # The first day alone: the number is there, held below mastered, and says why.
    first = fold(day1, params)
    shown = rules.displayed(first, now=first.last_practiced_at)
    assert shown.percent == rules.MASTERED - 1 and shown.needs == ("another_day",)


def test_a_skill_without_harder_exercises_asks_for_its_own_top_level():
    state = rules.ProgressState(p_known=0.99, attempts=9, sessions=2, level_correct=(5, 2, 0, 0))
    assert rules.mastery_needs(state, top_level=1) == ()
    assert rules.mastery_needs(state, top_level=3) == ("harder_questions",)


# --- predictions ---------------------------------------------------------------------------


@given(
    answers(max_size=30),
    sensible,
    st.lists(evidence, max_size=30),
    st.integers(1, 100),
    st.floats(0, 30),
    top_levels,
)
def test_path_to_keeps_its_promise_when_followed(history, params, upcoming, target, days, top):
    state = fold(history, params)
    at = (state.last_practiced_at or T0) + timedelta(days=days)
    day = day_of(at)
    path = rules.path_to(
        state, target=target, upcoming=upcoming, at=at, day=day, params=params, top_level=top
    )

    def after(n):
        current = state
        for ev in upcoming[:n]:
            current = rules.apply_attempt(
                current, correct=True, evidence=ev, at=at, day=day, params=params
            )
        return current

    def shown(s):
        return rules.displayed(s, now=at, top_level=top).percent if s.attempts else 0

    def number_there(s):
        return s.attempts and s.mastery_at(at) >= target

    if path.answers is None:
        assert not any(number_there(after(n)) for n in range(len(upcoming) + 1))
        return
    assert path.answers <= len(upcoming)
    reached = after(path.answers)
    if not path.needs:
        assert shown(reached) >= target
        assert path.answers == 0 or shown(after(path.answers - 1)) < target
    else:
        assert shown(reached) < target <= reached.mastery_at(at)
        assert rules.mastery_needs(reached, top_level=top) == path.needs
        # Nothing later in this sitting meets those needs, and fewer answers do not do it.
        assert rules.mastery_needs(after(len(upcoming)), top_level=top) == path.needs
        if path.answers:
            earlier = after(path.answers - 1)
            assert not (
                number_there(earlier) and rules.mastery_needs(earlier, top_level=top) == path.needs
            )


def test_path_to_says_another_day_when_only_repeats_are_left():
    state = rules.ProgressState(p_known=0.2, attempts=30, last_practiced_at=T0, sessions=1)
    repeats = [rules.Evidence(exposures=4)] * 3
    path = rules.path_to(
        state, target=70, upcoming=repeats, at=T0, day=day_of(T0), params=rules.DEFAULT_BKT
    )
    assert path == rules.Path(None, ("another_day",))


def test_path_to_a_mastered_target_names_what_is_missing():
    path = rules.path_to(
        None,
        target=rules.MASTERED,
        upcoming=[rules.Evidence(level=i % 4) for i in range(12)],
        at=T0,
        day=day_of(T0),
        params=rules.DEFAULT_BKT,
    )
    assert path.needs == ("another_day",) and 0 < path.answers < 12


# --- the shared fold ------------------------------------------------------------------------


@given(answers(max_size=20), sensible)
def test_fold_answer_never_moves_progress_back_in_time(history, params):
    state = fold(history, params)
    assume(state.attempts)
    early = state.last_practiced_at - timedelta(days=2)
    step = rules.fold_answer(
        state,
        correct=True,
        level=1,
        exposures=0,
        last_seen=None,
        answered_at=early,
        hint_used=False,
        params=params,
        day_of=day_of,
    )
    assert step.at == state.last_practiced_at == step.after.last_practiced_at
    assert step.mastery_before == state.mastery_at(step.at)
    assert step.mastery_after == rules.mastery_percent(step.after.p_known)
