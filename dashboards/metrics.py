"""A class's success metrics and warning signs over a period, within the teacher's subjects
(docs/teacher-metrics.md). Reads only: a fixed number of queries whatever the class size or
the history length, every aggregate computed by PostgreSQL (metrics_sql.py; on the embedded
default, metrics_portable.py computes the same rows in Python)."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from leaderboards.models import Participant, ParticipationChange
from mastery import rules as mastery_rules
from mastery.models import ExerciseRun, Skill, _levels
from peerhelp.models import HelpRequest
from reflections.models import Reflection
from schools.models import Enrollment, SchoolClass

from . import metrics_portable as portable
from . import metrics_rules as mr
from . import metrics_sql as sql
from .practice_days import practice_days_read
from .scope import TeacherScope


def midnight(day: date) -> datetime:
    """The start of a local day, aware."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Bucket:
    first: date
    last: date
    value: int = 0  # what the chart draws for it
    count: int = 0  # and how many it is out of (e.g. reflections written)


@dataclass
class ClassMetrics:
    school_class: SchoolClass
    scope: TeacherScope
    period: mr.Period
    students: int
    # Engagement
    daily_active: list[Bucket]  # one per day of the period
    daily_active_average: int
    active_learners: int  # practised at least once in the period
    streaks: list[int]  # longest streak in the period, one per student
    # Reflections
    reflections: int
    reflecting_students: int
    thoughtful: int
    thoughtful_before: int | None  # % in the period before
    reflections_before: int
    quality: list[Bucket]  # thoughtful share (%) per bucket
    passes: int  # exercise passes finished
    passes_reflected: int
    # Mastery
    mastery_start: int
    mastery_end: int
    mastery_trend: list[Bucket]  # class average at each bucket's start, then at the end
    mastered_start: int
    mastered_end: int
    growing: int  # students whose average rose
    retention: mr.Retention
    # Collaboration and leaderboards
    help_sessions: int
    help_completed: int
    helpers: int
    helped: int
    participants: int
    skipping: int  # participants who left out one metric or more
    left: int
    joined: int
    signs: list[mr.Sign] = field(default_factory=list)
    low_performers: int = 0

    @property
    def mastery_change(self) -> int:
        return self.mastery_end - self.mastery_start

    @property
    def completion(self) -> int | None:
        return mr.share(self.passes_reflected, self.passes)

    @property
    def thoughtful_share(self) -> int | None:
        return mr.share(self.thoughtful, self.reflections)

    @property
    def streak_median(self) -> int:
        return mr.median_streak(self.streaks)

    @property
    def streak_longest(self) -> int:
        return max(self.streaks, default=0)

    @property
    def streak_bands(self):
        return mr.streak_bands(self.streaks)

    @property
    def participating_share(self) -> int | None:
        return mr.share(self.participants, self.students)


def query_params(
    *, scope: TeacherScope, students: list[int], skills: list[int], period: mr.Period, now
) -> dict:
    """The parameters of every metrics query (metrics_sql, metrics_portable)."""
    before = period.previous()
    end_at = min(now, midnight(period.end + timedelta(days=1)))
    # The mastery chart's moments: each bucket's first day at midnight, then the period's end.
    moments = [(midnight(first), first) for first, _ in period.buckets()]
    moments.append((end_at, period.end + timedelta(days=1)))
    return {
        "students": students,
        "skills": skills,
        "subjects": scope.subject_ids,
        "start": period.start,
        "end": period.end,
        "after_end": period.end + timedelta(days=1),
        "before_start": before.start,
        "before_end": before.end,
        "before_at": midnight(before.start),
        "start_at": midnight(period.start),
        "end_at": end_at,
        "step": period.step,
        "tz": settings.TIME_ZONE,
        "ks": list(range(len(moments))),
        "days": [day for _, day in moments],
        "ats": [at for at, _ in moments],
        # A moment at a midnight already past reads (and fills) SubjectMasteryDay.
        "kept": [at <= now and at == midnight(day) for at, day in moments],
    }


def _rows(name: str, params: dict) -> list[tuple]:
    """The rows of metrics_sql's query `name` (on another database than PostgreSQL, of its
    namesake in metrics_portable)."""
    if connection.vendor != "postgresql":
        return getattr(portable, name.lower())(params)
    with connection.cursor() as cursor:
        cursor.execute(getattr(sql, name), params)
        return cursor.fetchall()


def _mastery(params, period, students, skills, now):
    """Class average at each bucket's start and at the period's end; per student at the start
    and the end."""
    rows = _rows("MASTERY_KEPT", params)
    moments = params["ks"]
    totals = [0] * len(moments)
    mastered = [0] * len(moments)
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for k, student_id, total, count in rows:
        totals[k] += total
        mastered[k] += count
        if k == 0:
            first[student_id] = total
        if k == len(moments) - 1:
            last[student_id] = total
    averages = [mr.class_average(t, len(students), len(skills)) for t in totals]
    per_student_start = {
        sid: round(first.get(sid, 0) / len(skills)) if skills else 0 for sid in students
    }
    growing = sum(1 for sid in students if last.get(sid, 0) > first.get(sid, 0))
    trend = [Bucket(a, b, averages[i]) for i, (a, b) in enumerate(period.buckets())]
    trend.append(Bucket(period.end, period.end, averages[-1]))
    return averages, mastered, per_student_start, growing, trend


def _comebacks(params) -> mr.Retention:
    found = []
    for top, p_after, p, half_life, prev_at, attempts, sessions, levels, back_at in _rows(
        "COMEBACKS", params
    ):
        if back_at is None:
            continue
        before = mastery_rules.ProgressState(
            p_known=p,
            attempts=attempts,
            half_life_days=half_life,
            last_practiced_at=prev_at,
            sessions=sessions,
            level_correct=_levels(json.loads(levels) if isinstance(levels, str) else levels),
        )
        case = mr.comeback(before=before, top_level=top, back_at=back_at, after_p_known=p_after)
        if case is not None:
            found.append(case)
    return mr.retention(found)


def class_metrics(
    *,
    scope: TeacherScope,
    school_class: SchoolClass,
    period: mr.Period,
    now: datetime | None = None,
) -> ClassMetrics:
    now = now or timezone.now()
    students = list(
        Enrollment.objects.filter(school_class=school_class, is_active=True)
        .order_by("student_id")
        .values_list("student_id", flat=True)
    )
    skills = list(
        Skill.objects.filter(subject_id__in=scope.subject_ids).values_list("pk", flat=True)
    )
    params = query_params(scope=scope, students=students, skills=skills, period=period, now=now)
    start_at, end_at = params["start_at"], params["end_at"]

    days = practice_days_read(
        students=students,
        subjects=scope.subject_ids,
        before_start=params["before_start"],
        before_end=params["before_end"],
        start=period.start,
        end=period.end,
    )
    daily = [Bucket(d, d, days.per_day.get(d, 0)) for d in period.days_list()]
    practice = days.per_student
    streaks = [practice.get(sid, (0, 0, 0))[2] for sid in students]

    written = {b: (n, t) for b, n, t in _rows("REFLECTIONS", params)}
    buckets = period.buckets()
    quality = []
    for i, (first, last) in enumerate(buckets):
        n, t = written.get(i, (0, 0))
        quality.append(Bucket(first, last, mr.share(t, n) or 0, n))
    reflections = sum(q.count for q in quality)
    thoughtful = sum(written.get(i, (0, 0))[1] for i in range(len(buckets)))
    before_n, before_t = written.get(-1, (0, 0))
    reflecting = Reflection.objects.filter(
        student_id__in=students or [0],
        subject_id__in=scope.subject_ids,
        created_at__gte=start_at,
        created_at__lt=end_at,
    ).aggregate(n=Count("student_id", distinct=True))["n"]

    passes = ExerciseRun.objects.filter(
        student_id__in=students or [0],
        exercise__skill__subject_id__in=scope.subject_ids,
        finished_at__gte=start_at,
        finished_at__lt=end_at,
    ).aggregate(finished=Count("pk", distinct=True), reflected=Count("reflections", distinct=True))

    averages, mastered, start_mastery, growing, trend = _mastery(
        params, period, students, skills, now
    )
    retention = _comebacks(params)

    helps = HelpRequest.objects.filter(
        school_class=school_class,
        skill__subject_id__in=scope.subject_ids,
        status__in=[HelpRequest.Status.ACCEPTED, HelpRequest.Status.COMPLETED],
        accepted_at__gte=start_at,
        accepted_at__lt=end_at,
    ).aggregate(
        sessions=Count("pk"),
        completed=Count("pk", filter=Q(status=HelpRequest.Status.COMPLETED)),
        helpers=Count("helper", distinct=True),
        helped=Count("requester", distinct=True),
    )
    boards = Participant.objects.filter(student_id__in=students or [0]).aggregate(
        n=Count("pk", distinct=True),
        skipping=Count("pk", filter=Q(skipped_metrics__isnull=False), distinct=True),
    )
    changes = ParticipationChange.objects.filter(
        school_class=school_class, at__gte=start_at, at__lt=end_at
    ).aggregate(
        left=Count("pk", filter=Q(kind=ParticipationChange.Kind.LEFT)),
        joined=Count("pk", filter=Q(kind=ParticipationChange.Kind.JOINED)),
    )

    metrics = ClassMetrics(
        school_class=school_class,
        scope=scope,
        period=period,
        students=len(students),
        daily_active=daily,
        daily_active_average=mr.daily_active_average([b.value for b in daily]),
        active_learners=sum(1 for sid in students if practice.get(sid, (0,))[0]),
        streaks=streaks,
        reflections=reflections,
        reflecting_students=reflecting,
        thoughtful=thoughtful,
        thoughtful_before=mr.share(before_t, before_n),
        reflections_before=before_n,
        quality=quality,
        passes=passes["finished"],
        passes_reflected=passes["reflected"],
        mastery_start=averages[0],
        mastery_end=averages[-1],
        mastery_trend=trend,
        mastered_start=mastered[0],
        mastered_end=mastered[-1],
        growing=growing,
        retention=retention,
        help_sessions=helps["sessions"],
        help_completed=helps["completed"],
        helpers=helps["helpers"],
        helped=helps["helped"],
        participants=boards["n"],
        skipping=boards["skipping"],
        left=changes["left"],
        joined=changes["joined"],
    )
    _signs(metrics, practice, start_mastery, students, period)
    return metrics


def _signs(metrics: ClassMetrics, practice, start_mastery, students, period) -> None:
    signs = []
    if metrics.thoughtful_before is not None and metrics.thoughtful_share is not None:
        signs.append(
            mr.quality_sign(
                now=metrics.thoughtful_share,
                now_count=metrics.reflections,
                before=metrics.thoughtful_before,
                before_count=metrics.reflections_before,
            )
        )
    low = [sid for sid in students if start_mastery[sid] < mr.LOW_PERFORMER_BELOW]
    rest = [sid for sid in students if start_mastery[sid] >= mr.LOW_PERFORMER_BELOW]

    def weekly(group, index):
        days = sum(practice.get(sid, (0, 0, 0))[index] for sid in group)
        return mr.per_week(days, period.days) / len(group) if group else 0.0

    metrics.low_performers = len(low)
    signs.append(
        mr.disengagement_sign(
            low=len(low),
            low_now=round(weekly(low, 0), 1),
            low_before=round(weekly(low, 1), 1),
            rest_now=round(weekly(rest, 0), 1),
            rest_before=round(weekly(rest, 1), 1),
        )
    )
    signs.append(mr.leaderboard_sign(left=metrics.left, joined=metrics.joined))
    metrics.signs = [s for s in signs if s is not None]
