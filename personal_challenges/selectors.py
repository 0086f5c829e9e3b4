"""Reads for personal challenges, and the one rule for who may see one.

A personal challenge is visible to the student who set it and, only while they choose to
share it, to an active teacher who teaches the goal's subject in a class the student is
actively enrolled in (any such teacher for a goal about no subject; schools.selectors holds the
rule). Nobody else: not classmates, not other teachers. A challenge someone may not see is
reported as missing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from accounts.models import User
from growth import rules as growth_rules
from growth.models import PersonalBest
from mastery.models import Attempt, Exercise
from mastery.selectors import student_overview
from mastery.tree import Node
from schools.selectors import teacher_reads_student_items

from . import rules
from .models import PersonalChallenge

DASHBOARD_SHOWN = 3
FAST_MS = growth_rules.FAST_ANSWER_MS
OPEN = (PersonalChallenge.Status.ACTIVE, PersonalChallenge.Status.PAUSED)


def peerhelp_available() -> bool:
    return apps.is_installed("peerhelp")


def _taught_by(*, teacher: User):
    """The teachers' visibility rule (schools.selectors): a goal about a skill or exercise goes
    to its subject's teachers of the student; one about no subject to all their teachers."""
    return teacher_reads_student_items(
        teacher=teacher, student_field="student_id", subject_field="about_subject"
    )


def challenges_visible_to(*, user) -> QuerySet[PersonalChallenge]:
    challenges = PersonalChallenge.objects.all()
    if not (user.is_authenticated and user.is_active):
        return challenges.none()
    if user.is_student:
        return challenges.filter(student=user)
    if user.is_teacher:
        about = Coalesce("skill__subject_id", "exercise__skill__subject_id")
        return (
            challenges.filter(shared_with_teachers=True)
            .annotate(about_subject=about)
            .filter(_taught_by(teacher=user))
        )
    return challenges.none()


def challenge_for(*, user, pk: int) -> PersonalChallenge | None:
    """The challenge if `user` may see it; None whether it is missing or not theirs."""
    return (
        challenges_visible_to(user=user)
        .select_related("student", "exercise__skill", "skill", "reflection")
        .filter(pk=pk)
        .first()
    )


def open_q(*, today: date) -> Q:
    """Active or paused, and not past its deadline."""
    return Q(status__in=OPEN) & (Q(deadline__isnull=True) | Q(deadline__gte=today))


def expired_q(*, today: date) -> Q:
    return Q(status__in=OPEN, deadline__lt=today)


@dataclass
class ChallengeView:
    """A challenge with what its card shows."""

    challenge: PersonalChallenge
    today: date

    @property
    def value(self) -> int:
        c = self.challenge
        return rules.current_value(c.goal, c.state, self.today)

    @property
    def percent(self) -> int:
        c = self.challenge
        return rules.percent(c.goal, c.state, baseline=c.baseline, today=self.today)

    @property
    def best(self) -> int:
        return self.challenge.best_progress

    @property
    def days_left(self) -> int | None:
        return rules.days_left(deadline=self.challenge.deadline, today=self.today)

    @property
    def today_total(self) -> int:
        """Daily practice: today's amount so far, in the challenge's unit."""
        c = self.challenge
        if c.last_day != self.today:
            return 0
        return c.day_total // 60 if c.daily_unit == rules.MINUTES else c.day_total

    @property
    def expired(self) -> bool:
        c = self.challenge
        return c.is_open and rules.is_expired(deadline=c.deadline, today=self.today)


@dataclass
class StudentChallenges:
    active: list[ChallengeView] = field(default_factory=list)
    completed: list[ChallengeView] = field(default_factory=list)
    expired: list[ChallengeView] = field(default_factory=list)
    set_aside: list[ChallengeView] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.active)


def student_challenges(*, student: User, today: date | None = None) -> StudentChallenges:
    """One query: every challenge of the student, grouped for the page."""
    today = today or timezone.localdate()
    groups = StudentChallenges()
    rows = PersonalChallenge.objects.filter(student=student).select_related(
        "exercise", "skill", "reflection"
    )
    for challenge in rows.order_by("-created_at", "-pk"):
        view = ChallengeView(challenge, today)
        if challenge.status == PersonalChallenge.Status.COMPLETED:
            groups.completed.append(view)
        elif challenge.status == PersonalChallenge.Status.SET_ASIDE:
            groups.set_aside.append(view)
        elif view.expired:
            groups.expired.append(view)
        else:
            groups.active.append(view)
    groups.completed.sort(key=lambda v: v.challenge.completed_at, reverse=True)
    return groups


def open_count(*, student: User, today: date) -> int:
    return PersonalChallenge.objects.filter(open_q(today=today), student=student).count()


def dashboard_challenges(*, student: User, now=None) -> list[ChallengeView]:
    """One query: the student's few open challenges, for the dashboard card."""
    today = timezone.localdate(now)
    rows = (
        PersonalChallenge.objects.filter(open_q(today=today), student=student)
        .select_related("exercise", "skill")
        .order_by("-created_at", "-pk")[:DASHBOARD_SHOWN]
    )
    return [ChallengeView(c, today) for c in rows]


def shared_with_teacher(*, teacher: User, today: date | None = None) -> list[ChallengeView]:
    """Challenges the teacher's students chose to share, open ones first."""
    today = today or timezone.localdate()
    rows = (
        challenges_visible_to(user=teacher)
        .select_related("student", "exercise", "skill")
        .order_by("student__username", "-created_at")
    )
    views = [ChallengeView(c, today) for c in rows]
    views.sort(key=lambda v: v.challenge.status != PersonalChallenge.Status.ACTIVE)
    return views


# --- what a student may set ---------------------------------------------------------------


@dataclass
class ScoreOption:
    exercise: Exercise
    best: int
    questions: int
    suggested: int


@dataclass
class SkillOption:
    node: Node
    subject_name: str


@dataclass
class AdvancedOption:
    exercise: Exercise
    node: Node
    questions: int


@dataclass
class CreationOptions:
    today: date
    scores: list[ScoreOption]
    skills: list[SkillOption]
    advanced: list[AdvancedOption]
    best_streak: int
    streak_suggested: int
    daily_suggested: dict[str, int]
    practice_days_suggested: int
    help_recent: int | None  # None while peer help is not available
    help_suggested: int | None
    open_count: int

    @property
    def can_add(self) -> bool:
        return self.open_count < rules.MAX_ACTIVE

    def score_option(self, exercise_id: int) -> ScoreOption | None:
        return next((o for o in self.scores if o.exercise.pk == exercise_id), None)

    def skill_option(self, skill_id: int) -> SkillOption | None:
        return next((o for o in self.skills if o.node.id == skill_id), None)

    def advanced_option(self, exercise_id: int) -> AdvancedOption | None:
        return next((o for o in self.advanced if o.exercise.pk == exercise_id), None)


def _day_totals(student: User, today: date) -> dict[str, list[int]]:
    """Per practice day of the last HISTORY_DAYS: answers (quick guesses left out) and seconds."""
    since = timezone.make_aware(
        datetime.combine(today - timedelta(days=rules.HISTORY_DAYS), datetime.min.time())
    )
    rows = (
        Attempt.objects.filter(student=student, answered_at__gte=since)
        .annotate(day=TruncDate("answered_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(
            answers=Count("id", filter=~Q(time_spent_ms__gt=0, time_spent_ms__lt=FAST_MS)),
            ms=Sum("time_spent_ms"),
        )
    )
    return {
        rules.QUESTIONS: [r["answers"] for r in rows],
        rules.MINUTES: [(r["ms"] or 0) // 1000 for r in rows],
    }


def help_given_since(*, student_id: int, since) -> int:
    if not peerhelp_available():
        return 0
    from peerhelp.selectors import help_given_counts

    return help_given_counts(student_ids=[student_id], since=since).get(student_id, 0)


def creation_options(*, student: User, today: date | None = None) -> CreationOptions:
    """What this student can set a challenge on, with a suggested target for each, from their
    own history. A fixed number of queries."""
    today = today or timezone.localdate()
    views = student_overview(student=student)
    nodes = {n.id: (n, v.subject.name) for v in views for n in v.nodes}
    open_ids = [i for i, (n, _) in nodes.items() if n.status != "locked"]
    exercises = list(
        Exercise.objects.filter(skill_id__in=open_ids)
        .annotate(question_count=Count("questions"))
        .filter(question_count__gt=0)
        .select_related("skill")
        .order_by("skill__subject__code", "skill__tier", "skill__position", "position", "pk")
    )
    bests = dict(
        PersonalBest.objects.filter(student=student, metric=growth_rules.EXERCISE_SCORE)
        .values("exercise_id")
        .annotate(best=Max("value"))
        .values_list("exercise_id", "best")
    )
    scores, advanced = [], []
    for exercise in exercises:
        node = nodes[exercise.skill_id][0]
        best = bests.get(exercise.pk)
        if best is not None:
            suggested = rules.suggest_score(best=best, questions=exercise.question_count)
            if suggested is not None:
                scores.append(ScoreOption(exercise, best, exercise.question_count, suggested))
        if rules.is_advanced(
            difficulty=exercise.difficulty,
            mastery=node.mastery,
            attempts=node.attempts,
            status=node.status,
        ):
            advanced.append(AdvancedOption(exercise, node, exercise.question_count))
    skills = [
        SkillOption(node, subject)
        for node, subject in nodes.values()
        if node.status in ("in_progress", "ready") and node.mastery < rules.MASTERED
    ]
    skills.sort(key=lambda o: (-o.node.mastery, o.subject_name, o.node.position))
    best_streak = (
        PersonalBest.objects.filter(student=student, metric=growth_rules.STREAK_LENGTH).aggregate(
            best=Max("value")
        )["best"]
        or 0
    )
    totals = _day_totals(student, today)
    help_recent = help_suggested = None
    if peerhelp_available():
        help_recent = help_given_since(
            student_id=student.pk,
            since=timezone.now() - timedelta(days=30),
        )
        help_suggested = rules.suggest_help(recent_sessions=help_recent)
    return CreationOptions(
        today=today,
        scores=scores,
        skills=skills,
        advanced=advanced,
        best_streak=best_streak,
        streak_suggested=rules.suggest_streak(best_streak=best_streak, today=today),
        daily_suggested={
            unit: rules.suggest_daily(unit=unit, day_totals=totals[unit])
            for unit in rules.DAILY_UNITS
        },
        practice_days_suggested=rules.suggest_practice_days(today=today),
        help_recent=help_recent,
        help_suggested=help_suggested,
        open_count=open_count(student=student, today=today),
    )


def available_kinds() -> list[str]:
    return [k for k in rules.KINDS if k != rules.HELP_OTHERS or peerhelp_available()]
