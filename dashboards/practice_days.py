"""Days with practice over a period, per day (daily active learners) and per student (days
in the period and the one before it, the longest run), read from the students' month
bitmasks (mastery.PracticeMonth): a few rows per student whatever they practised, and bit
arithmetic in place of one row per skill and day."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from mastery.models import PracticeMonth


@dataclass(frozen=True)
class PracticeDays:
    per_day: dict[date, int]  # the period's days with at least one learner practising
    per_student: dict[int, tuple[int, int, int]]  # days now, days before, longest run now


def _window_masks(rows: Iterable[tuple[int, date, int]], first: date) -> dict[int, int]:
    """Per student, one integer whose bit i is the day `first + i` (days before `first`
    dropped), every subject's months OR-ed together."""
    masks: dict[int, int] = {}
    for student_id, month, days in rows:
        offset = (month - first).days
        bits = days << offset if offset >= 0 else days >> -offset
        masks[student_id] = masks.get(student_id, 0) | bits
    return masks


def longest_run(bits: int) -> int:
    """The longest run of consecutive set bits (days in a row)."""
    run = 0
    while bits:
        bits &= bits >> 1
        run += 1
    return run


def practice_days_read(
    *,
    students: list[int],
    subjects: list[int],
    before_start: date,
    before_end: date,
    start: date,
    end: date,
) -> PracticeDays:
    rows = PracticeMonth.objects.filter(
        student_id__in=students or [0],
        subject_id__in=subjects or [0],
        month__gte=before_start.replace(day=1),
        month__lte=end,
    ).values_list("student_id", "month", "days")
    masks = _window_masks(rows, before_start)
    # Bits [before_start, before_end] and [start, end] of each student's mask.
    before_span = (1 << ((before_end - before_start).days + 1)) - 1
    now_shift = (start - before_start).days
    now_span = (1 << ((end - start).days + 1)) - 1
    per_day: dict[date, int] = {}
    per_student: dict[int, tuple[int, int, int]] = {}
    for student_id, mask in masks.items():
        now = (mask >> now_shift) & now_span
        before = mask & before_span
        if not (now or before):
            continue
        per_student[student_id] = (now.bit_count(), before.bit_count(), longest_run(now))
        while now:
            low = now & -now
            day = start + timedelta(days=low.bit_length() - 1)
            per_day[day] = per_day.get(day, 0) + 1
            now ^= low
    return PracticeDays(per_day, per_student)
