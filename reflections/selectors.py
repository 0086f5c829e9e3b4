"""Reads for reflections and encouragement, and the one rule for who may see a reflection.

A reflection is visible to
- the student who wrote it (their portfolio, even after they change class), and
- an active teacher who teaches the reflection's subject to a class in which the student is
  actively enrolled today (a TeachingAssignment with that subject and class).
Nobody else sees it in the app: not other students, not teachers of another subject or
another class, not school administrators (staff may use the Django admin).
"""

from django.db.models import Case, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from accounts.models import User
from mastery.models import ExerciseRun
from schools.models import Enrollment, SchoolClass, TeachingAssignment
from schools.selectors import teacher_reads_student_items

from . import rules
from .models import Encouragement, Reflection, ReflectionInvitationDismissal


def _teaches_subject_of(*, teacher: User):
    """A reflection whose subject `teacher` teaches in one of the student's classes (the
    teachers' visibility rule, schools.selectors)."""
    return teacher_reads_student_items(
        teacher=teacher, student_field="student_id", subject_field="subject_id"
    )


def reflections_visible_to(*, user) -> QuerySet[Reflection]:
    """Every reflection `user` may read (the visibility rule, as a queryset)."""
    reflections = Reflection.objects.all()
    if not (user.is_authenticated and user.is_active):
        return reflections.none()
    if user.is_student:
        return reflections.filter(student=user)
    if user.is_teacher:
        return reflections.filter(_teaches_subject_of(teacher=user))
    return reflections.none()


def can_view_reflection(*, user, reflection: Reflection) -> bool:
    return reflections_visible_to(user=user).filter(pk=reflection.pk).exists()


def can_give_feedback(*, user, reflection: Reflection) -> bool:
    return user.is_teacher and can_view_reflection(user=user, reflection=reflection)


def reflection_for(*, user, pk: int) -> Reflection | None:
    """The reflection if `user` may read it; None whether it is missing or not theirs."""
    return (
        reflections_visible_to(user=user)
        .select_related("student", "exercise", "subject", "run", "feedback_by")
        .filter(pk=pk)
        .first()
    )


def student_portfolio(*, student: User) -> QuerySet[Reflection]:
    return (
        reflections_visible_to(user=student)
        .select_related("exercise", "subject", "feedback_by")
        .order_by("-created_at", "-pk")
    )


def _unread_first():
    return Case(When(teacher_read_at__isnull=True, then=Value(0)), default=Value(1))


UNANSWERED = Q(feedback="", encouragement_preset="", encouragement_text="")


def _class_of(teacher: User, value: str):
    """The class (its `value`: "school_class__name", "school_class_id") in which `teacher`
    reads this reflection: the student's active class where they teach its subject (the
    first by name if the student is in several)."""
    return Subquery(
        Enrollment.objects.filter(
            student_id=OuterRef("student_id"),
            is_active=True,
            school_class__teaching_assignments__teacher=teacher,
            school_class__teaching_assignments__subject_id=OuterRef("subject_id"),
        )
        .order_by("school_class__name", "school_class_id")
        .values(value)[:1]
    )


def teacher_inbox(
    *,
    teacher: User,
    school_class: SchoolClass | None = None,
    subject_id: int | None = None,
    show: str = "",
):
    """Reflections of the teacher's students, unread first, newest first within each group.

    With `school_class`, only students actively enrolled in that class, on a subject the
    teacher teaches there; with `subject_id`, that subject; `show` "unanswered" (no feedback
    yet) or "new" (not opened yet) narrows further. Each has `class_name` and `class_id`."""
    reflections = _filtered(teacher=teacher, school_class=school_class, subject_id=subject_id)
    if show == "unanswered":
        reflections = reflections.filter(UNANSWERED)
    elif show == "new":
        reflections = reflections.filter(teacher_read_at__isnull=True)
    return (
        reflections.annotate(
            class_name=_class_of(teacher, "school_class__name"),
            class_id=_class_of(teacher, "school_class_id"),
        )
        .select_related("student", "exercise", "subject", "feedback_by")
        .order_by(_unread_first(), "-created_at", "-pk")
    )


def teacher_inbox_counts(
    *, teacher: User, school_class: SchoolClass | None = None, subject_id: int | None = None
) -> dict[str, int]:
    """How many reflections each of the inbox's views holds: all, unanswered, new (one query)."""
    return _filtered(teacher=teacher, school_class=school_class, subject_id=subject_id).aggregate(
        all=Count("pk"),
        unanswered=Count("pk", filter=UNANSWERED),
        new=Count("pk", filter=Q(teacher_read_at__isnull=True)),
    )


def _filtered(*, teacher: User, school_class: SchoolClass | None, subject_id: int | None):
    reflections = reflections_visible_to(user=teacher)
    if subject_id is not None:
        reflections = reflections.filter(subject_id=subject_id)
    if school_class is not None:
        reflections = reflections.filter(
            Exists(
                TeachingAssignment.objects.filter(
                    teacher=teacher, school_class=school_class, subject_id=OuterRef("subject_id")
                )
            ),
            Exists(
                Enrollment.objects.filter(
                    school_class=school_class, student_id=OuterRef("student_id"), is_active=True
                )
            ),
        )
    return reflections


def teacher_unread_count(*, teacher: User) -> int:
    if not teacher.is_teacher:
        return 0
    return reflections_visible_to(user=teacher).filter(teacher_read_at__isnull=True).count()


def should_invite(*, student: User, run: ExerciseRun | None) -> bool:
    """Invite the student to reflect on a finished pass they have neither reflected on nor
    dismissed."""
    if run is None or run.finished_at is None or run.student_id != student.pk:
        return False
    if not student.is_student:
        return False
    return not (
        Reflection.objects.filter(run=run).exists()
        or ReflectionInvitationDismissal.objects.filter(student=student, run=run).exists()
    )


def student_encouragements(*, student: User, limit: int = rules.MESSAGES_SHOWN):
    return list(
        Encouragement.objects.filter(student=student)
        .select_related("teacher")
        .order_by("-created_at", "-pk")[:limit]
    )


def encouragement_roster(*, teacher: User, school_class: SchoolClass) -> list[User]:
    """The class's active students, each with `last_encouraged_at` by this teacher."""
    return list(
        User.objects.filter(
            enrollments__school_class=school_class,
            enrollments__is_active=True,
            role=User.Role.STUDENT,
        )
        .annotate(
            last_encouraged_at=Max(
                "encouragements__created_at", filter=Q(encouragements__teacher=teacher)
            )
        )
        .order_by("display_name", "username")
    )


def encouragements_sent_since(*, teacher: User, student: User | None, since) -> int:
    rows = Encouragement.objects.filter(teacher=teacher, created_at__gte=since)
    if student is not None:
        rows = rows.filter(student=student)
    return rows.count()
