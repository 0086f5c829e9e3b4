"""What a teacher may read on the class pages built here (student page, class grid): the one
place these pages ask, and it asks the teachers' visibility rule (schools.selectors,
docs/privacy.md "Teachers: one rule"): a teacher of a class reads that class's learning in the
subjects they teach it. Another teacher of the class reads their own subjects, not these; a
teacher of another class reads nothing here."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import User
from schools.models import Subject
from schools.selectors import teacher_subjects_for


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
    """The teacher's scope in the class, or None when they may not open its pages: two
    queries."""
    if not (teacher.is_authenticated and teacher.is_teacher):
        return None
    subject_ids = teacher_subjects_for(teacher=teacher, school_class=class_id)
    if not subject_ids:
        return None
    subjects = tuple(Subject.objects.filter(pk__in=subject_ids).order_by("code"))
    return TeacherScope(teacher.pk, class_id, subjects)
