"""The student's learning dashboard, assembled in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from classgoals.models import ClassGoal
from classgoals.selectors import student_goals
from growth.models import GrowthState, PersonalBest, Recognition
from mastery import history, journey, recommend, rules
from mastery.models import Exercise, ExerciseRun
from mastery.selectors import SubjectView, snapshot_points, student_overview
from mastery.tree import Node
from personal_challenges.selectors import ChallengeView, dashboard_challenges
from reflections.models import Reflection
from reflections.selectors import student_portfolio

from .community import CommunityImpact, community_impact

WEEK = timedelta(days=7)
CHART_WEEKS = 8
RECENT_MOMENTS = 3


@dataclass
class SubjectGrowth:
    view: SubjectView
    journey: journey.Journey
    week_change: int
    weekly: list[tuple[datetime, int]]


@dataclass
class StudentDashboard:
    now: datetime
    subjects: list[SubjectGrowth]
    focus: Node | None
    focus_subject: SubjectGrowth | None
    suggestions: list[recommend.Suggestion]
    new_concepts: list[Node]
    last_reflection: Reflection | None = None
    records_this_week: int = 0
    streak_days: int = 0
    recent_moments: list[Recognition] = field(default_factory=list)
    challenges: list[ChallengeView] = field(default_factory=list)
    class_goals: list[ClassGoal] = field(default_factory=list)
    community: CommunityImpact | None = None

    @property
    def today(self):
        return timezone.localdate(self.now)

    @property
    def week_change(self) -> int:
        practised = [s for s in self.subjects if any(n.attempts for n in s.view.nodes)]
        return rules.average(s.week_change for s in practised) if practised else 0

    @property
    def mastery(self) -> int:
        return rules.average(s.view.mastery for s in self.subjects) if self.subjects else 0

    @property
    def refreshers(self) -> list[recommend.Suggestion]:
        return [s for s in self.suggestions if s.kind == "refresh"]

    @property
    def next_steps(self) -> list[recommend.Suggestion]:
        return [s for s in self.suggestions if s.kind != "refresh"]


def _timeline(student: User, top_levels: dict[int, int], now: datetime) -> history.Timeline:
    """Only the snapshots the page asks about: the weekly chart's moments, which include
    "now" and "a week ago" (week change, newly mastered). Any other moment would need the
    whole history; ask snapshot_points for it here first."""
    moments = [now - timedelta(weeks=k) for k in range(CHART_WEEKS + 1)]
    points = snapshot_points(student_ids=[student.pk], skill_ids=top_levels, moments=moments)
    return history.Timeline(points.get(student.pk, []), top_levels)


def _exercises(skill_ids: list[int]) -> dict[int, list[recommend.ExerciseInfo]]:
    result: dict[int, list[recommend.ExerciseInfo]] = {}
    for e in Exercise.objects.filter(skill_id__in=skill_ids).select_related("skill"):
        result.setdefault(e.skill_id, []).append(
            recommend.ExerciseInfo(e.pk, e.skill_id, e.difficulty, e.position, ref=e)
        )
    return result


def _best_scores(student: User) -> dict[int, int]:
    return dict(
        ExerciseRun.objects.filter(student=student, score__isnull=False)
        .values("exercise_id")
        .annotate(best=Max("score"))
        .values_list("exercise_id", "best")
    )


def student_dashboard(*, student: User) -> StudentDashboard:
    now = timezone.now()
    views = student_overview(student=student)
    timeline = _timeline(student, {n.id: n.top_level for v in views for n in v.nodes}, now)
    subjects = []
    for view in views:
        ids = [n.id for n in view.nodes]
        subjects.append(
            SubjectGrowth(
                view=view,
                journey=journey.build(view.nodes),
                week_change=timeline.average_at(ids, now) - timeline.average_at(ids, now - WEEK),
                weekly=timeline.weekly(ids, now, CHART_WEEKS),
            )
        )
    nodes = [n for s in subjects for n in s.view.nodes]
    focus_pairs = [(s, s.journey.current) for s in subjects if s.journey.current is not None]
    practised = [(s, n) for s, n in focus_pairs if n.state is not None]
    focus_subject, focus = (
        max(practised, key=lambda p: p[1].state.last_practiced_at)
        if practised
        else (focus_pairs[0] if focus_pairs else (None, None))
    )
    suggestions = recommend.suggest(
        nodes=nodes,
        focus=focus,
        exercises=_exercises([n.id for n in nodes if n.status != "locked"]),
        best_scores=_best_scores(student),
    )
    by_id = {n.id: n for n in nodes}
    new_ids = timeline.newly_mastered(list(by_id), now - WEEK, now)
    return StudentDashboard(
        now=now,
        subjects=subjects,
        focus=focus,
        focus_subject=focus_subject,
        suggestions=suggestions,
        new_concepts=[by_id[i] for i in new_ids],
        last_reflection=student_portfolio(student=student).first(),
        records_this_week=PersonalBest.objects.filter(
            student=student, previous_value__isnull=False, achieved_at__gte=now - WEEK
        ).count(),
        streak_days=_streak(student, now),
        recent_moments=list(
            Recognition.objects.filter(student=student)
            .select_related("exercise")
            .order_by("-achieved_at", "-pk")[:RECENT_MOMENTS]
        ),
        challenges=dashboard_challenges(student=student, now=now),
        class_goals=student_goals(student=student, today=timezone.localdate(now)),
        community=community_impact(student=student, now=now),
    )


def _streak(student: User, now: datetime) -> int:
    """The running streak; one that ended before yesterday is over."""
    state = (
        GrowthState.objects.filter(student=student).only("streak_days", "last_practice_day").first()
    )
    if state is None or state.last_practice_day is None:
        return 0
    return state.streak_days if (timezone.localdate(now) - state.last_practice_day).days <= 1 else 0
