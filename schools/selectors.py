"""Who may see what: every view and socket asks these before reading or writing."""

from django.db.models import QuerySet

from accounts.models import User

from .models import Enrollment, SchoolClass, Subject, TeachingAssignment


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
