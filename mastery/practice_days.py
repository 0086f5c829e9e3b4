"""The days each student practised each subject, kept as one bitmask per month
(PracticeMonth): set by every answer (mastery.attempt_writes) and recomputed from the
snapshots, which they summarise, wherever snapshots are written in bulk (a rebuild, the
demo, the migration that introduced them)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import F

from .models import MasterySnapshot, PracticeMonth


def month_bit(day: date) -> tuple[date, int]:
    """The month row a day belongs to and its bit there."""
    return day.replace(day=1), 1 << (day.day - 1)


def months_of(days: Iterable[tuple[int, int, date]]) -> dict[tuple[int, int, date], int]:
    """(student, subject, month) -> bitmask, from (student, subject, day) rows."""
    months: dict[tuple[int, int, date], int] = defaultdict(int)
    for student_id, subject_id, day in days:
        month, bit = month_bit(day)
        months[(student_id, subject_id, month)] |= bit
    return months


def practice_day_record(*, student_id: int, subject_id: int, day: date) -> None:
    """Mark one day practised (the embedded default's way: PostgreSQL does it inside the
    attempt's own statement)."""
    month, bit = month_bit(day)
    row, _created = PracticeMonth.objects.get_or_create(
        student_id=student_id, subject_id=subject_id, month=month
    )
    if not row.days & bit:
        PracticeMonth.objects.filter(pk=row.pk).update(days=F("days").bitor(bit))


def practice_days_refill(
    *, student_ids: list[int] | None, snapshot=MasterySnapshot, practice=PracticeMonth
) -> int:
    """Recompute these students' months (everyone's when None) from their snapshots; the
    models may be a migration's historical ones. Returns the rows written."""
    snapshots = snapshot.objects.all()
    rows = practice.objects.all()
    if student_ids is not None:
        snapshots = snapshots.filter(student_id__in=student_ids)
        rows = rows.filter(student_id__in=student_ids)
    rows.delete()
    months = months_of(
        snapshots.values_list("student_id", "skill__subject_id", "day").iterator(chunk_size=5000)
    )
    practice.objects.bulk_create(
        (
            practice(student_id=s, subject_id=subject, month=month, days=bits)
            for (s, subject, month), bits in months.items()
        ),
        batch_size=1000,
    )
    return len(months)
