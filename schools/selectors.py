"""Who may see what: every view and socket asks these before reading or writing."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User

from .models import Enrollment, School, SchoolClass, Subject, TeachingAssignment


def student_classes(*, student: User) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.filter(
        enrollments__student=student, enrollments__is_active=True
    ).distinct()


def student_subjects(*, student: User) -> QuerySet[Subject]:
    return Subject.objects.filter(
        teaching_assignments__school_class__enrollments__student=student,
        teaching_assignments__school_class__enrollments__is_active=True,
    ).distinct()


def teacher_classes(*, teacher: User) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.filter(teaching_assignments__teacher=teacher).distinct()


def teacher_subjects(*, teacher: User) -> QuerySet[Subject]:
    """Every subject `teacher` teaches, in any class."""
    return Subject.objects.filter(teaching_assignments__teacher=teacher).distinct().order_by("code")


def student_can_access_subject(*, student: User, subject_id: int) -> bool:
    return (
        student.is_active
        and student.is_student
        and student_subjects(student=student).filter(pk=subject_id).exists()
    )


def teacher_teaches_class(*, teacher: User, class_id: int) -> bool:
    return (
        teacher.is_active
        and teacher.is_teacher
        and TeachingAssignment.objects.filter(teacher=teacher, school_class_id=class_id).exists()
    )


def teacher_teaches_student(*, teacher: User, student_id: int) -> bool:
    return (
        teacher.is_active
        and teacher.is_teacher
        and Enrollment.objects.filter(
            student_id=student_id,
            is_active=True,
            school_class__teaching_assignments__teacher=teacher,
        ).exists()
    )


# --- The one visibility rule for teachers (docs/privacy.md, "Teachers: one rule") ----------
#
# A teacher reads what students do in a subject only where they teach that subject:
# - class-bound items (a peer-help chat, a friendly challenge, a study group and its sessions)
#   when they teach the item's subject in the item's class;
# - a student's own items (reflections, personal challenges shared with teachers) when they
#   teach the item's subject in a class the student is actively enrolled in; a shared personal
#   challenge that is about no subject (a streak, helping others) goes to every teacher of
#   such a class.
# A teacher of the class in another subject sees none of it, not even that it exists.


def teacher_subjects_for(*, teacher: User, school_class: SchoolClass | int) -> set[int]:
    """The ids of the subjects `teacher` teaches in `school_class` (empty if none)."""
    if not (teacher.is_active and teacher.is_teacher):
        return set()
    class_id = school_class if isinstance(school_class, int) else school_class.pk
    return set(
        TeachingAssignment.objects.filter(teacher=teacher, school_class_id=class_id).values_list(
            "subject_id", flat=True
        )
    )


def teacher_may_read(*, teacher: User, school_class_id: int, subject_id: int) -> bool:
    """May `teacher` read a class-bound item of this class and subject?"""
    return (
        teacher.is_active
        and teacher.is_teacher
        and TeachingAssignment.objects.filter(
            teacher=teacher, school_class_id=school_class_id, subject_id=subject_id
        ).exists()
    )


def teacher_may_read_student(*, teacher: User, student_id: int, subject_id: int | None) -> bool:
    """May `teacher` read a student's own item about this subject (None: about no subject)?"""
    if not (teacher.is_active and teacher.is_teacher):
        return False
    taught = TeachingAssignment.objects.filter(
        teacher=teacher,
        school_class__enrollments__student_id=student_id,
        school_class__enrollments__is_active=True,
    )
    if subject_id is not None:
        taught = taught.filter(subject_id=subject_id)
    return taught.exists()


def teacher_reads_class_items(*, teacher: User, class_field: str, subject_field: str) -> Q:
    """The rule as a filter on a queryset of class-bound items (`class_field` and
    `subject_field` name the item's class and subject ids, e.g. "skill__subject_id")."""
    if not (teacher.is_active and teacher.is_teacher):
        return Q(pk__in=[])
    return Q(
        Exists(
            TeachingAssignment.objects.filter(
                teacher=teacher,
                school_class_id=OuterRef(class_field),
                subject_id=OuterRef(subject_field),
            )
        )
    )


def teacher_reads_student_items(
    *, teacher: User, student_field: str, subject_field: str | None
) -> Q:
    """The rule as a filter on a queryset of a student's own items; an item whose
    `subject_field` is null (or with `subject_field` None) is about no subject and readable by
    any teacher of a class the student is actively enrolled in."""
    if not (teacher.is_active and teacher.is_teacher):
        return Q(pk__in=[])

    def taught(**subject) -> Exists:
        # One filter() call: the enrolment and the assignment are the same class.
        return Exists(
            TeachingAssignment.objects.filter(
                teacher=teacher,
                school_class__enrollments__student_id=OuterRef(student_field),
                school_class__enrollments__is_active=True,
                **subject,
            )
        )

    if subject_field is None:
        return Q(taught())
    return Q(taught(subject_id=OuterRef(subject_field))) | (
        Q(**{f"{subject_field}__isnull": True}) & Q(taught())
    )


def time_zone_for(*, user: User) -> str | None:
    """The time zone of the school a person belongs to (a student's class, a teacher's
    classes, a parent's children's), or None for someone outside any school."""
    if user.is_student:
        schools = School.objects.filter(
            classes__enrollments__student=user, classes__enrollments__is_active=True
        )
    elif user.is_teacher:
        schools = School.objects.filter(classes__teaching_assignments__teacher=user)
    elif user.is_parent:
        schools = School.objects.filter(
            classes__enrollments__student__parent_links__parent=user,
            classes__enrollments__is_active=True,
        )
    else:
        return None
    return schools.order_by("pk").values_list("time_zone", flat=True).first()
