"""What a teacher may read on the class pages built here (student page, class grid): the one
place these pages ask, so the rule in docs/privacy.md is switched here and nowhere else.

Today's rule: a teacher of a class reads that class's learning in the subjects they teach it
(TeachingAssignment). Another teacher of the class reads their own subjects, not these; a
teacher of another class reads nothing here."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import User
from schools.models import Subject, TeachingAssignment


@dataclass(frozen=True)
class TeacherScope:
    """The subjects `teacher` may read in `class_id`, in code order (never empty)."""

    teacher_id: int
    class_id: int
    subjects: tuple[Subject, ...]

    @property
    def subject_ids(self) -> list[int]:
        return [s.pk for s in self.subjects]

    def skills_q(self, prefix: str = "skill__") -> Q:
        """Rows tied to a skill of one of the scope's subjects."""
        return Q(**{f"{prefix}subject_id__in": self.subject_ids})

    def narrowed(self, subject_ids: list[int]) -> "TeacherScope":
        """The same scope limited to some of its subjects (a filter; never widens it)."""
        kept = tuple(s for s in self.subjects if s.pk in subject_ids)
        return TeacherScope(self.teacher_id, self.class_id, kept or self.subjects)


def teacher_scope(*, teacher: User, class_id: int) -> TeacherScope | None:
    """The teacher's scope in the class, or None when they may not open its pages: one query."""
    if not (teacher.is_authenticated and teacher.is_active and teacher.is_teacher):
        return None
    subjects = tuple(
        Subject.objects.filter(
            pk__in=TeachingAssignment.objects.filter(
                teacher=teacher, school_class_id=class_id
            ).values("subject_id")
        ).order_by("code")
    )
    if not subjects:
        return None
    return TeacherScope(teacher.pk, class_id, subjects)
