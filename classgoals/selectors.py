"""Reads for class goals: measuring a goal from real data, and the goals people may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from mastery import rules as mastery_rules
from mastery.models import Attempt, ExerciseRun, Skill, SkillProgress
from peerhelp.selectors import help_sessions_count
from reflections.models import Reflection
from schools.models import Enrollment
from schools.selectors import teacher_subjects_for, teacher_teaches_class

from . import rules
from .models import ClassGoal


@dataclass(frozen=True)
class Measure:
    value: int
    population: int


def period_bounds(*, start: date, end: date) -> tuple[datetime, datetime]:
    """The goal's dates as [since, until) in the school's time zone, both days included."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    return since, until


def class_student_ids(*, school_class_id: int) -> list[int]:
    return list(
        Enrollment.objects.filter(
            school_class_id=school_class_id,
            is_active=True,
            student__is_active=True,
            student__role=User.Role.STUDENT,
        ).values_list("student_id", flat=True)
    )


def _scope_skills(goal: ClassGoal) -> dict[int, int]:
    """The goal's skills, each with its hardest level (what "mastered" asks for)."""
    if goal.skill_id is not None:
        skills = Skill.objects.filter(pk=goal.skill_id)
    else:
        skills = Skill.objects.filter(subject_id=goal.subject_id)
    return dict(skills.values_list("pk", "top_level"))


def _scoped(queryset: QuerySet, goal: ClassGoal, *, skill_field: str, subject_field: str):
    if goal.skill_id is not None:
        return queryset.filter(**{skill_field: goal.skill_id})
    if goal.subject_id is not None:
        return queryset.filter(**{subject_field: goal.subject_id})
    return queryset


def _mastery(goal: ClassGoal, student_ids: list[int]) -> int:
    # The number each student saw at their last practice (mastery.rules.displayed, without
    # forgetting since): the class's achievement does not fade away between two events, only
    # an event can move it, and "mastered" needs the evidence it needs everywhere.
    top_levels = _scope_skills(goal)
    skill_ids = list(top_levels)
    per_student: dict[int, dict[int, int]] = {pk: {} for pk in student_ids}
    rows = SkillProgress.objects.filter(student_id__in=student_ids, skill_id__in=skill_ids)
    for row in rows:
        shown = mastery_rules.displayed(
            row.state,
            now=row.last_practiced_at or timezone.now(),
            top_level=top_levels[row.skill_id],
        )
        per_student[row.student_id][row.skill_id] = shown.percent
    masteries = [rules.student_mastery(m, skill_ids) for m in per_student.values()]
    return rules.mastery_measure(masteries, kind=goal.kind)


def goal_measure(*, goal: ClassGoal) -> Measure:
    """Measure a goal from the class's real data now."""
    student_ids = class_student_ids(school_class_id=goal.school_class_id)
    population = len(student_ids)
    start, until = period_bounds(start=goal.start_date, end=goal.end_date)
    since = rules.counting_since(period_start=start, created_at=goal.created_at)
    kind = goal.kind
    if kind in rules.MASTERY_KINDS:
        value = _mastery(goal, student_ids)
    elif kind == rules.EXERCISES:
        runs = ExerciseRun.objects.filter(
            student_id__in=student_ids, finished_at__gte=since, finished_at__lt=until
        )
        value = _scoped(
            runs,
            goal,
            skill_field="exercise__skill_id",
            subject_field="exercise__skill__subject_id",
        ).count()
    elif kind == rules.REFLECTIONS:
        written = Reflection.objects.filter(
            student_id__in=student_ids, created_at__gte=since, created_at__lt=until
        )
        value = _scoped(
            written, goal, skill_field="exercise__skill_id", subject_field="subject_id"
        ).count()
    elif kind == rules.PARTICIPATION:
        attempts = Attempt.objects.filter(
            student_id__in=student_ids, answered_at__gte=since, answered_at__lt=until
        )
        attempts = _scoped(
            attempts, goal, skill_field="skill_id", subject_field="skill__subject_id"
        )
        value = attempts.values("student_id").distinct().count()
    elif kind == rules.HELP_SESSIONS:
        value = help_sessions_count(school_class=goal.school_class, since=since, until=until)
    else:
        raise ValueError(f"unknown goal kind {kind!r}")
    return Measure(value=value, population=population)


def _open(today: date, kinds, **where) -> list[ClassGoal]:
    """Goals not reached yet, open today, of these kinds."""
    goals = ClassGoal.objects.filter(
        reached_at__isnull=True,
        start_date__lte=today,
        end_date__gte=today,
        kind__in=sorted(kinds),
        **where,
    )
    return list(goals.select_related("school_class"))


def open_goals_for_student(*, student_id: int, today: date, kinds) -> list[ClassGoal]:
    """Open goals in the student's classes: the one query the attempt path pays when a
    class has no goal an attempt can move."""
    return _open(
        today,
        kinds,
        school_class__enrollments__student_id=student_id,
        school_class__enrollments__is_active=True,
    )


def open_class_goals(*, school_class_id: int, today: date, kinds) -> list[ClassGoal]:
    return _open(today, kinds, school_class_id=school_class_id)


def _shown(queryset: QuerySet, today: date) -> QuerySet:
    return (
        queryset.filter(end_date__gte=today - rules.SHOWN_AFTER_END, start_date__lte=today)
        .select_related("school_class", "subject", "skill", "milestone")
        .order_by("school_class__name", "end_date", "pk")
    )


def student_goals(*, student: User, today: date) -> list[ClassGoal]:
    """The goals a student's classes are working on now (and those just reached or ended)."""
    goals = ClassGoal.objects.filter(
        school_class__enrollments__student=student, school_class__enrollments__is_active=True
    )
    return list(_shown(goals, today))


def class_goals(*, school_class_id: int, today: date, current_only: bool = True) -> list[ClassGoal]:
    goals = ClassGoal.objects.filter(school_class_id=school_class_id)
    if current_only:
        return list(_shown(goals, today))
    return list(
        goals.select_related("school_class", "subject", "skill", "milestone").order_by(
            "-end_date", "-pk"
        )
    )


def class_room_state(*, school_class_id: int, today: date) -> dict:
    """A fresh client's view of the class room: its goals and how far each has come."""
    goals = class_goals(school_class_id=school_class_id, today=today)
    return {"goals": [{"id": g.pk, **g.progress.as_dict()} for g in goals]}


def class_member_role(*, user: User, school_class_id: int) -> str | None:
    """ "student" or "teacher" of this class, or None for anyone else."""
    if not user.is_active:
        return None
    if (
        user.is_student
        and Enrollment.objects.filter(
            student=user, school_class_id=school_class_id, is_active=True
        ).exists()
    ):
        return "student"
    if teacher_teaches_class(teacher=user, class_id=school_class_id):
        return "teacher"
    return None


def editable_goal_ids(*, teacher: User, school_class_id: int, goals: list[ClassGoal]) -> set[int]:
    """The goals `teacher` may edit: those of a subject they teach in the class, or about no
    subject (a reached goal is then refused by the service, with its reason)."""
    mine = teacher_subjects_for(teacher=teacher, school_class=school_class_id)
    return {
        g.pk
        for g in goals
        if rules.teacher_may_edit(goal_subject_id=g.subject_id, teacher_subject_ids=mine)
    }
