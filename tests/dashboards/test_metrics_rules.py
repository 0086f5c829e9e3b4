"""The class metrics' pure rules, against numbers worked out by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest

from dashboards import metrics_rules as mr
from mastery.rules import ProgressState

WEDNESDAY = date(2026, 12, 2)


def test_the_periods_end_today():
    assert mr.period_for(mr.WEEK, today=WEDNESDAY) == mr.Period(
        mr.WEEK, date(2026, 11, 30), WEDNESDAY
    )
    four = mr.period_for(mr.FOUR_WEEKS, today=WEDNESDAY)
    assert (four.start, four.days) == (date(2026, 11, 5), 28)
    assert mr.period_for(mr.TERM, today=WEDNESDAY).start == date(2026, 9, 1)
    assert mr.period_for(mr.TERM, today=date(2027, 1, 20)).start == date(2026, 9, 1)
    assert mr.period_for(mr.TERM, today=date(2027, 3, 10)).start == date(2027, 2, 1)
    custom = mr.period_for(
        mr.CUSTOM, today=WEDNESDAY, start=date(2026, 10, 1), end=date(2026, 10, 31)
    )
    assert custom.days == 31


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (None, date(2026, 11, 1), "missing"),
        (date(2026, 11, 2), date(2026, 11, 1), "order"),
        (date(2026, 11, 2), date(2026, 12, 3), "future"),
        (date(2025, 8, 31), date(2025, 9, 30), "too_long"),  # before last school year
        (date(2025, 11, 1), date(2026, 11, 2), "too_long"),  # 367 days
    ],
)
def test_a_custom_range_is_refused_with_its_reason(start, end, reason):
    with pytest.raises(mr.BadRange) as refused:
        mr.period_for(mr.CUSTOM, today=WEDNESDAY, start=start, end=end)
    assert str(refused.value) == reason
    with pytest.raises(mr.BadRange):
        mr.period_for("year", today=WEDNESDAY)


def test_the_period_before_has_the_same_days_of_the_week():
    week = mr.period_for(mr.WEEK, today=WEDNESDAY)  # Monday to Wednesday
    assert week.previous() == mr.Period(mr.WEEK, date(2026, 11, 23), date(2026, 11, 25))
    four = mr.period_for(mr.FOUR_WEEKS, today=WEDNESDAY)
    assert four.previous().end == four.start - timedelta(days=1)
    term = mr.period_for(mr.TERM, today=WEDNESDAY)  # 93 days: moved back 14 weeks
    assert term.previous().start == date(2026, 9, 1) - timedelta(days=98)
    assert term.previous().days == term.days == 93


def test_buckets_are_days_up_to_two_weeks_then_weeks():
    ten = mr.Period(mr.CUSTOM, date(2026, 11, 1), date(2026, 11, 10))
    assert len(ten.buckets()) == 10 and ten.buckets()[0] == (date(2026, 11, 1),) * 2
    sixteen = mr.Period(mr.CUSTOM, date(2026, 11, 1), date(2026, 11, 16))
    assert sixteen.buckets() == [
        (date(2026, 11, 1), date(2026, 11, 7)),
        (date(2026, 11, 8), date(2026, 11, 14)),
        (date(2026, 11, 15), date(2026, 11, 16)),
    ]


def test_summaries():
    assert mr.daily_active_average([0, 3, 0, 5, 4]) == 4  # (3 + 5 + 4) / 3 days with practice
    assert mr.daily_active_average([0, 0]) == 0
    d = date(2026, 11, 1)
    days = [d, d + timedelta(1), d + timedelta(2), d + timedelta(2), d + timedelta(4)]
    assert mr.longest_streak(days) == 3
    assert mr.longest_streak([]) == 0
    bands = dict(mr.streak_bands([0, 1, 2, 3, 4, 7, 9]))
    assert bands == {(0, 0): 1, (1, 1): 1, (2, 3): 2, (4, 6): 1, (7, None): 2}
    assert mr.median_streak([0, 1, 5]) == 1
    assert mr.median_streak([]) == 0
    assert mr.class_average(450, 3, 2) == 75
    assert mr.class_average(0, 0, 2) == 0
    assert mr.share(1, 3) == 33 and mr.share(1, 0) is None
    assert mr.per_week(8, 28) == 2.0


def _mastered(at: datetime, half_life: float = 28.0) -> ProgressState:
    return ProgressState(
        p_known=0.95,
        attempts=10,
        half_life_days=half_life,
        last_practiced_at=at,
        sessions=2,
        level_correct=(0, 0, 2, 0),
    )


def test_a_comeback_is_predicted_by_the_forgetting_curve():
    t0 = datetime(2026, 10, 1, 10, tzinfo=UTC)
    case = mr.comeback(
        before=_mastered(t0), top_level=3, back_at=t0 + timedelta(days=35), after_p_known=0.91
    )
    # 35 days less the sitting's 3 hours: 0.95 * (0.5 + 0.5 * 2 ** (-34.875 / 28)) = 0.6753
    assert case.predicted == pytest.approx(0.6753, abs=1e-4)
    assert case.still_mastered and case.gap_days == 35
    after = mr.comeback(
        before=_mastered(t0), top_level=3, back_at=t0 + timedelta(days=35), after_p_known=0.894
    )
    assert not after.still_mastered  # 89%: below the line
    assert (
        mr.comeback(
            before=_mastered(t0), top_level=3, back_at=t0 + timedelta(days=29), after_p_known=1
        )
        is None
    )
    one_day = ProgressState(**{**_mastered(t0).__dict__, "sessions": 1})
    assert (
        mr.comeback(before=one_day, top_level=3, back_at=t0 + timedelta(days=40), after_p_known=1)
        is None
    )  # never shown as mastered: "another day" was missing


def test_retention_against_the_model():
    def cases(kept: list[bool], predicted: float) -> list[mr.Comeback]:
        return [mr.Comeback(30, predicted, k) for k in kept]

    few = mr.retention([mr.Comeback(30, p, k) for p, k in ((0.6, True), (0.7, True), (0.8, False))])
    assert (few.cases, few.observed, few.predicted, few.verdict) == (3, 67, 70, "few")
    assert mr.retention(cases([True, True, False, False, False], 0.7)).verdict == "faster"
    assert mr.retention(cases([True] * 5, 0.7)).verdict == "slower"
    assert mr.retention(cases([True, True, True, True, False], 0.75)).verdict == "as_modelled"
    assert mr.retention([]) == mr.Retention(0, None, None)


def test_warning_signs():
    assert mr.quality_sign(now=40, now_count=5, before=60, before_count=5).values == {
        "now": 40,
        "before": 60,
    }
    assert mr.quality_sign(now=40, now_count=4, before=60, before_count=5) is None
    assert mr.quality_sign(now=46, now_count=9, before=60, before_count=9) is None  # 14 points

    assert mr.relative_drop(1.0, 2.0) == 50
    assert mr.relative_drop(3.0, 2.0) == 0 and mr.relative_drop(1.0, 0) == 0
    sign = mr.disengagement_sign(low=3, low_now=1.0, low_before=2.0, rest_now=2, rest_before=2)
    assert sign.kind == "low_performers" and sign.values["students"] == 3
    # Everyone practised less (a holiday): 50% against 40% is not singled out.
    assert (
        mr.disengagement_sign(low=3, low_now=1.0, low_before=2.0, rest_now=1.2, rest_before=2)
        is None
    )
    assert (
        mr.disengagement_sign(low=1, low_now=0, low_before=2.0, rest_now=2, rest_before=2) is None
    )

    assert mr.leaderboard_sign(left=2, joined=1).values == {"left": 2, "joined": 1}
    assert mr.leaderboard_sign(left=2, joined=2) is None
    assert mr.leaderboard_sign(left=1, joined=0) is None
