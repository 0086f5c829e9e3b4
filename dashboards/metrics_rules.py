"""The class metrics page's rules (no ORM here): periods, their buckets, each summary and
each warning sign's threshold. docs/teacher-metrics.md states every one of them."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from mastery import rules as mastery_rules
from schools.rules import school_year_start, term_start

from .attention import STRUGGLING_MASTERY

WEEK = "week"
FOUR_WEEKS = "4weeks"
TERM = "term"
CUSTOM = "custom"
PERIODS = (WEEK, FOUR_WEEKS, TERM, CUSTOM)
DEFAULT_PERIOD = FOUR_WEEKS
# A custom range is at most a year long and starts no earlier than the school year before.
MAX_RANGE_DAYS = 366
# Up to this many days, charts show one bar or point per day; beyond, one per week.
DAILY_BUCKETS_UP_TO = 14


@dataclass(frozen=True)
class Period:
    key: str
    start: date  # first day, included
    end: date  # last day, included

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def step(self) -> int:
        """Days per chart bucket: 1, or 7 for a longer period."""
        return 1 if self.days <= DAILY_BUCKETS_UP_TO else 7

    def buckets(self) -> list[tuple[date, date]]:
        """The chart's buckets, first and last day each; the last may be shorter."""
        out, day = [], self.start
        while day <= self.end:
            last = min(self.end, day + timedelta(days=self.step - 1))
            out.append((day, last))
            day = last + timedelta(days=1)
        return out

    def previous(self) -> "Period":
        """What a trend compares with: the same number of days, moved back by whole weeks (at
        least the period's length), so the same days of the week are compared."""
        shift = timedelta(days=-(-self.days // 7) * 7)
        return Period(self.key, self.start - shift, self.end - shift)

    def days_list(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]


class BadRange(ValueError):
    """A custom range that cannot be shown; the message says why (for the form)."""


def period_for(key: str, *, today: date, start: date | None = None, end: date | None = None):
    """This week (Monday to today), the last four weeks (28 days to today), this term (to
    today), or a custom range of days."""
    if key == WEEK:
        return Period(WEEK, today - timedelta(days=today.weekday()), today)
    if key == FOUR_WEEKS:
        return Period(FOUR_WEEKS, today - timedelta(days=27), today)
    if key == TERM:
        return Period(TERM, term_start(today), today)
    if key != CUSTOM:
        raise BadRange("unknown")
    if start is None or end is None:
        raise BadRange("missing")
    if start > end:
        raise BadRange("order")
    if end > today:
        raise BadRange("future")
    if (end - start).days + 1 > MAX_RANGE_DAYS or start < earliest_start(today):
        raise BadRange("too_long")
    return Period(CUSTOM, start, end)


def earliest_start(today: date) -> date:
    return date(school_year_start(today).year - 1, 9, 1)


# --- summaries ------------------------------------------------------------------------------


def share(part: int, whole: int) -> int | None:
    """A percentage, rounded; None when there is nothing to divide (shown as "—")."""
    return round(100 * part / whole) if whole else None


def daily_active_average(per_day: Sequence[int]) -> int:
    """Daily active learners on an ordinary day: the mean over the days on which at least
    one learner practised (weekends and holidays with nobody do not drag it down)."""
    active = [n for n in per_day if n]
    return round(sum(active) / len(active)) if active else 0


def longest_streak(days: Iterable[date]) -> int:
    """The longest run of consecutive days (the SQL of the selectors does the same; this is
    its reference in the tests)."""
    best = run = 0
    previous = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        best = max(best, run)
        previous = day
    return best


STREAK_BANDS = ((0, 0), (1, 1), (2, 3), (4, 6), (7, None))  # inclusive; None: and more


def streak_bands(streaks: Iterable[int]) -> list[tuple[tuple[int, int | None], int]]:
    counts = dict.fromkeys(STREAK_BANDS, 0)
    for n in streaks:
        band = next(b for b in STREAK_BANDS if n >= b[0] and (b[1] is None or n <= b[1]))
        counts[band] += 1
    return list(counts.items())


def median_streak(streaks: Sequence[int]) -> int:
    return round(median(streaks)) if streaks else 0


def per_week(days: int, period_days: int) -> float:
    """Practice days per week over a period, one decimal."""
    return round(7 * days / period_days, 1) if period_days else 0.0


def class_average(total_percent: int, students: int, skills: int) -> int:
    """The mean of every student's displayed mastery on every skill (not started: 0)."""
    pairs = students * skills
    return round(total_percent / pairs) if pairs else 0


# --- 30-day retention -----------------------------------------------------------------------

RETENTION_GAP_DAYS = mastery_rules.RETENTION_GAP_DAYS  # mastered, then not practised this long
RETENTION_MIN_CASES = 5  # fewer comebacks than this: too few to compare with the model
RETENTION_MARGIN_POINTS = 10  # observed this far from predicted: forgetting differs


@dataclass(frozen=True)
class Comeback:
    """A skill shown as mastered at a practice, practised again 30 days or more later."""

    gap_days: float
    predicted: float  # the model's P(known) at the first answer back, after forgetting
    still_mastered: bool  # mastery after that day's practice still at the mastery line


def comeback(
    *, before: mastery_rules.ProgressState, top_level: int, back_at, after_p_known: float
) -> Comeback | None:
    """A comeback if `before` (the state at the last practice before the gap) was shown as
    mastered and the first answer back came RETENTION_GAP_DAYS or more later."""
    shown = mastery_rules.displayed(before, now=before.last_practiced_at, top_level=top_level)
    gap = mastery_rules.days_between(before.last_practiced_at, back_at)
    if not shown.mastered or gap < RETENTION_GAP_DAYS:
        return None
    return Comeback(
        gap,
        before.p_at(back_at),
        mastery_rules.mastery_percent(after_p_known) >= mastery_rules.MASTERED,
    )


@dataclass(frozen=True)
class Retention:
    cases: int
    observed: int | None  # % still mastered
    predicted: int | None  # % the model expected (mean P(known))

    @property
    def verdict(self) -> str:
        """ "few" (too few cases), "faster" (forgotten faster than modelled), "slower"
        (remembered better than modelled) or "as_modelled"."""
        if self.cases < RETENTION_MIN_CASES:
            return "few"
        if self.observed <= self.predicted - RETENTION_MARGIN_POINTS:
            return "faster"
        if self.observed >= self.predicted + RETENTION_MARGIN_POINTS:
            return "slower"
        return "as_modelled"


def retention(comebacks: Sequence[Comeback]) -> Retention:
    n = len(comebacks)
    if not n:
        return Retention(0, None, None)
    observed = round(100 * sum(c.still_mastered for c in comebacks) / n)
    predicted = round(100 * sum(c.predicted for c in comebacks) / n)
    return Retention(n, observed, predicted)


# --- warning signs --------------------------------------------------------------------------

# Reflection quality: the share of thoughtful reflections (leaderboards.rules.is_thoughtful)
# fell by this many points against the period before, each period with enough reflections.
QUALITY_DROP_POINTS = 15
QUALITY_MIN_REFLECTIONS = 5
# Low performers: below the struggling line on average at the start of the period.
LOW_PERFORMER_BELOW = STRUGGLING_MASTERY
LOW_PERFORMERS_MIN = 2
# ... disengaging: their practice days per week fell by this share (relative) or more, and by
# DISENGAGE_GAP_POINTS more than the rest of the class's (a holiday lowers everyone's).
DISENGAGE_DROP = 30  # %
DISENGAGE_GAP_POINTS = 15
# Leaderboards: this many students left them in the period, more than joined.
LEAVES_MIN = 2


@dataclass(frozen=True)
class Sign:
    kind: str  # reflection_quality, low_performers, leaderboards
    values: dict


def quality_sign(*, now: int, now_count: int, before: int, before_count: int) -> Sign | None:
    """`now` and `before`: thoughtful share (%) in the period and the one before."""
    if min(now_count, before_count) < QUALITY_MIN_REFLECTIONS:
        return None
    if before - now < QUALITY_DROP_POINTS:
        return None
    return Sign("reflection_quality", {"now": now, "before": before})


def relative_drop(now: float, before: float) -> int:
    """How much lower `now` is than `before`, as a share of `before` (%); 0 if it rose."""
    if before <= 0:
        return 0
    return max(0, round(100 * (before - now) / before))


def disengagement_sign(
    *, low: int, low_now: float, low_before: float, rest_now: float, rest_before: float
) -> Sign | None:
    """`low`: how many low performers; the rest: practice days per student per week."""
    if low < LOW_PERFORMERS_MIN:
        return None
    low_drop = relative_drop(low_now, low_before)
    rest_drop = relative_drop(rest_now, rest_before)
    if low_drop < DISENGAGE_DROP or low_drop - rest_drop < DISENGAGE_GAP_POINTS:
        return None
    return Sign(
        "low_performers",
        {"students": low, "now": low_now, "before": low_before, "rest": rest_now},
    )


def leaderboard_sign(*, left: int, joined: int) -> Sign | None:
    if left < LEAVES_MIN or left <= joined:
        return None
    return Sign("leaderboards", {"left": left, "joined": joined})
