"""The school calendar, as pure functions (no ORM): when a school year starts, and the window
in which work may be dated."""

from datetime import UTC, date, datetime, timedelta

# Moroccan schools start in early September; a school year is named by its start.
SCHOOL_YEAR_STARTS_ON = (9, 1)  # (month, day)
# Work reported late (a homework app syncing after the holidays, a mark re-entered) is still
# accepted this long before the current school year's start; older dates are refused.
EARLIEST_MARGIN = timedelta(days=31)
# How far past the server's clock a reported time may be: the reporting device's clock drifts.
CLOCK_SKEW = timedelta(minutes=5)


def school_year_start(today: date) -> date:
    """The first day of the school year `today` belongs to."""
    month, day = SCHOOL_YEAR_STARTS_ON
    start = date(today.year, month, day)
    return start if today >= start else date(today.year - 1, month, day)


def work_time_window(*, now: datetime, today: date) -> tuple[datetime, datetime]:
    """The earliest and the latest time a piece of work (an attempt) may be dated.

    `now` is aware, `today` the local date. Comparing aware datetimes never overflows, unlike
    converting a year-1 time to the local zone, which is why callers compare against these
    bounds before anything else touches the time."""
    start = school_year_start(today) - EARLIEST_MARGIN
    earliest = datetime(start.year, start.month, start.day, tzinfo=UTC)
    return earliest, now + CLOCK_SKEW


# Two terms (semesters) a year: September to January, then February to the summer.
SECOND_TERM_STARTS_ON = (2, 1)  # (month, day)


def term_start(today: date) -> date:
    """The first day of the term `today` belongs to."""
    month, day = SECOND_TERM_STARTS_ON
    second = date(today.year, month, day)
    year_start = school_year_start(today)
    return second if year_start < second <= today else year_start
