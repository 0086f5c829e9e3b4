"""Reads for the growth pages; each runs a fixed number of queries whatever the history."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from schools.models import Enrollment, SchoolClass, TeachingAssignment

from . import rules
from .models import PersonalBest, Recognition, RushingFlag

# How much each page lists: bounded, so a long history never makes a page slow.
RECENT_RECORDS = 12
MOMENTS_SHOWN = 60
CLASS_MOMENTS_SHOWN = 100
CLASS_MOMENTS_DAYS = 7


@dataclass
class MetricBest:
    metric: str
    best: PersonalBest | None  # the row holding the best value
    records: int = 0  # new bests beyond the baseline


@dataclass
class ExerciseBest:
    best: PersonalBest
    first: int  # the baseline score on this exercise

    @property
    def gain(self) -> int:
        return self.best.value - self.first


@dataclass
class BestsView:
    metrics: list[MetricBest]
    exercises: list[ExerciseBest]
    recent: list[PersonalBest]  # the latest new bests (baselines left out), newest first
    accuracy_window: int = rules.ACCURACY_WINDOW


def student_bests(*, student: User) -> BestsView:
    """Two queries: the student-wide records, and the exercise scores (a handful of rows per
    exercise at most: each record must beat the one before it)."""
    student_rows = list(
        PersonalBest.objects.filter(student=student, exercise__isnull=True)
        .select_related("skill")
        .order_by("-achieved_at", "-pk")
    )
    exercise_rows = list(
        PersonalBest.objects.filter(student=student, metric=rules.EXERCISE_SCORE)
        .select_related("exercise__skill__subject")
        .order_by("-achieved_at", "-pk")
    )
    metrics = []
    for metric in rules.STUDENT_METRICS:
        rows = [r for r in student_rows if r.metric == metric]
        best = max(rows, key=lambda r: (r.value, r.achieved_at), default=None)
        metrics.append(MetricBest(metric, best, records=sum(1 for r in rows if not r.is_baseline)))
    per_exercise: dict[int, list[PersonalBest]] = {}
    for row in exercise_rows:
        per_exercise.setdefault(row.exercise_id, []).append(row)
    exercises = [
        ExerciseBest(
            best=max(rows, key=lambda r: r.value),
            first=min(rows, key=lambda r: r.achieved_at).value,
        )
        for rows in per_exercise.values()
    ]
    exercises.sort(key=lambda e: e.best.achieved_at, reverse=True)
    recent = sorted(
        (r for r in (*student_rows, *exercise_rows) if not r.is_baseline),
        key=lambda r: r.achieved_at,
        reverse=True,
    )[:RECENT_RECORDS]
    return BestsView(metrics=metrics, exercises=exercises, recent=recent)


@dataclass
class MomentsView:
    moments: list[Recognition]
    counts: dict[str, int]  # per kind, over the whole history
    total: int


def student_moments(*, student: User) -> MomentsView:
    """Two queries: the latest learning moments, and the count per kind."""
    moments = list(
        Recognition.objects.filter(student=student)
        .select_related("exercise", "skill")
        .order_by("-achieved_at", "-pk")[:MOMENTS_SHOWN]
    )
    counts = dict(
        Recognition.objects.filter(student=student)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    return MomentsView(moments=moments, counts=counts, total=sum(counts.values()))


@dataclass
class RushingRow:
    student: User
    days: int
    answers: int
    wrong: int
    last_day: date
    suggestion: str


@dataclass
class EncouragementRow:
    """A student with learning moments this week: a chance for a personal word."""

    student: User
    total: int
    kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class ClassEffortView:
    school_class: SchoolClass
    moments: list[Recognition]
    opportunities: list[EncouragementRow]
    rushing: list[RushingRow]
    student_count: int
    lookback_days: int = rules.RUSH_LOOKBACK_DAYS


def class_effort(
    *,
    school_class: SchoolClass,
    teacher: User,
    subject_ids: list[int] | None = None,
    students: list[User] | None = None,
) -> ClassEffortView:
    """Five queries: the class's students (four when the caller has read them: `students`,
    the class's active students), the teacher's subjects there, the latest shared moments in
    those subjects, this week's moments per student and kind, and rushing flags."""
    today = timezone.localdate()
    if students is None:
        students = [
            e.student
            for e in Enrollment.objects.filter(school_class=school_class, is_active=True)
            .select_related("student")
            .order_by("student__username")
        ]
    students = {s.pk: s for s in students}
    taught = list(
        TeachingAssignment.objects.filter(teacher=teacher, school_class=school_class).values_list(
            "subject_id", flat=True
        )
    )
    # A subject filter narrows the teacher's subjects, never widens them.
    subject_ids = [s for s in taught if subject_ids is None or s in subject_ids]
    shared = Recognition.objects.filter(
        student_id__in=list(students),
        shared_with_teacher=True,
        skill__subject_id__in=subject_ids,
    )
    moments = list(
        shared.select_related("exercise", "skill").order_by("-achieved_at", "-pk")[
            :CLASS_MOMENTS_SHOWN
        ]
    )
    for moment in moments:
        moment.student = students[moment.student_id]
    week_ago = timezone.now() - timedelta(days=CLASS_MOMENTS_DAYS)
    opportunities: dict[int, EncouragementRow] = {}
    for student_id, kind, n in (
        shared.filter(achieved_at__gte=week_ago)
        .order_by()
        .values_list("student_id", "kind")
        .annotate(n=Count("id"))
    ):
        row = opportunities.setdefault(student_id, EncouragementRow(students[student_id], 0))
        row.total += n
        row.kinds[kind] = n
    flags: dict[int, list[RushingFlag]] = {}
    for flag in RushingFlag.objects.filter(
        student_id__in=list(students), day__gt=today - timedelta(days=rules.RUSH_LOOKBACK_DAYS)
    ).order_by("-day"):
        flags.setdefault(flag.student_id, []).append(flag)
    rushing = []
    for student_id, rows in flags.items():
        answers = sum(f.answers for f in rows)
        wrong = sum(f.wrong for f in rows)
        rushing.append(
            RushingRow(
                student=students[student_id],
                days=len(rows),
                answers=answers,
                wrong=wrong,
                last_day=rows[0].day,
                suggestion=rules.rushing_suggestion(
                    days_flagged=len(rows), answers=answers, wrong=wrong
                ),
            )
        )
    rushing.sort(key=lambda r: (-r.days, r.student.username))
    return ClassEffortView(
        school_class=school_class,
        moments=moments,
        opportunities=sorted(opportunities.values(), key=lambda r: (-r.total, r.student.username)),
        rushing=rushing,
        student_count=len(students),
    )
