from datetime import UTC, date, datetime, timedelta

from schools.rules import CLOCK_SKEW, school_year_start, work_time_window


def test_the_school_year_starts_on_the_first_of_september():
    assert school_year_start(date(2026, 9, 1)) == date(2026, 9, 1)
    assert school_year_start(date(2026, 12, 4)) == date(2026, 9, 1)
    assert school_year_start(date(2027, 6, 30)) == date(2026, 9, 1)
    assert school_year_start(date(2026, 8, 31)) == date(2025, 9, 1)


def test_work_may_be_dated_from_a_month_before_the_start_to_now_plus_the_clock_skew():
    now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    earliest, latest = work_time_window(now=now, today=now.date())
    assert earliest == datetime(2026, 8, 1, tzinfo=UTC)
    assert latest == now + CLOCK_SKEW
    assert latest - now == timedelta(minutes=5)


def test_the_second_term_starts_on_the_first_of_february():
    from schools.rules import term_start

    assert term_start(date(2026, 12, 4)) == date(2026, 9, 1)
    assert term_start(date(2027, 1, 31)) == date(2026, 9, 1)
    assert term_start(date(2027, 2, 1)) == date(2027, 2, 1)
    assert term_start(date(2027, 6, 30)) == date(2027, 2, 1)
    assert term_start(date(2027, 9, 1)) == date(2027, 9, 1)
