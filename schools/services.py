"""Writes to the school's structure: classes, teaching assignments, enrolments."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User

from .models import Enrollment, School, SchoolClass, Subject, TeachingAssignment


@dataclass
class EnrollmentChanges:
    created: int = 0
    reactivated: int = 0
    deactivated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.reactivated or self.deactivated)


@transaction.atomic
def enrollments_sync(
    *, student: User, classes: Iterable[SchoolClass], schools: Iterable[School]
) -> EnrollmentChanges:
    """Make `classes` the student's active classes within `schools`.

    A class the student left is deactivated, never deleted, so everything they did there
    stays theirs; returning to it reactivates the same enrolment. Classes of other schools
    are left alone.
    """
    wanted = {c.pk for c in classes}
    school_ids = {s.pk for s in schools} | set(
        SchoolClass.objects.filter(pk__in=wanted).values_list("school_id", flat=True)
    )
    changes = EnrollmentChanges()
    current = {
        e.school_class_id: e
        for e in Enrollment.objects.select_for_update().filter(
            student=student, school_class__school_id__in=school_ids
        )
    }
    for class_id, enrollment in current.items():
        if enrollment.is_active and class_id not in wanted:
            enrollment.is_active = False
            enrollment.save(update_fields=["is_active"])
            changes.deactivated += 1
        elif not enrollment.is_active and class_id in wanted:
            enrollment.is_active = True
            enrollment.save(update_fields=["is_active"])
            changes.reactivated += 1
    for class_id in wanted - current.keys():
        Enrollment.objects.create(student=student, school_class_id=class_id)
        changes.created += 1
    return changes


@transaction.atomic
def school_upsert(*, external_ref: str, name: str, city: str = "") -> tuple[School, bool]:
    """The school with this host id (else this name), created or renamed; (school, changed)."""
    school = School.objects.filter(external_ref=external_ref).first() if external_ref else None
    if school is None:
        school = School.objects.filter(name=name, external_ref="").order_by("pk").first()
    if school is None:
        return School.objects.create(external_ref=external_ref, name=name, city=city), True
    wanted = {
        "name": name,
        "city": city or school.city,
        "external_ref": external_ref or school.external_ref,
    }
    changed = [f for f, v in wanted.items() if getattr(school, f) != v]
    for field in changed:
        setattr(school, field, wanted[field])
    if changed:
        school.save(update_fields=changed)
    return school, bool(changed)


@transaction.atomic
def class_upsert(
    *, school: School, external_ref: str, name: str, grade: str, academic_year: str
) -> tuple[SchoolClass, bool]:
    """The class with this host id (else this name and year in the school); (class, changed)."""
    klass = SchoolClass.objects.filter(external_ref=external_ref).first() if external_ref else None
    if klass is None:  # a class made here before (by hand, or from a CSV without ids) is adopted
        klass = SchoolClass.objects.filter(
            school=school, name=name, academic_year=academic_year, external_ref=""
        ).first()
    if klass is None:
        klass = SchoolClass.objects.create(
            school=school,
            external_ref=external_ref,
            name=name,
            grade=grade,
            academic_year=academic_year,
        )
        return klass, True
    wanted = {
        "school": school,
        "name": name,
        "grade": grade,
        "academic_year": academic_year,
        "external_ref": external_ref or klass.external_ref,
    }
    changed = [f for f, v in wanted.items() if getattr(klass, f) != v]
    for field in changed:
        setattr(klass, field, wanted[field])
    if changed:
        klass.save(update_fields=changed)
    return klass, bool(changed)


@transaction.atomic
def class_enrolments_keep(*, school_class: SchoolClass, student_ids: set[int]) -> int:
    """Deactivate the class's active enrolments of students not in `student_ids` (they left
    the class; their history stays theirs). Returns how many."""
    return (
        Enrollment.objects.filter(school_class=school_class, is_active=True)
        .exclude(student_id__in=student_ids)
        .update(is_active=False)
    )


@transaction.atomic
def class_teaching_set(
    *, school_class: SchoolClass, assignments: set[tuple[int, int]]
) -> tuple[int, int]:
    """Make `assignments` ((teacher id, subject id) pairs) the class's teaching; (added, removed).

    An assignment only grants access, it holds no history: one no longer listed is removed.
    """
    current = set(
        TeachingAssignment.objects.filter(school_class=school_class).values_list(
            "teacher_id", "subject_id"
        )
    )
    removed = current - assignments
    for teacher_id, subject_id in removed:
        TeachingAssignment.objects.filter(
            school_class=school_class, teacher_id=teacher_id, subject_id=subject_id
        ).delete()
    added = assignments - current
    TeachingAssignment.objects.bulk_create(
        TeachingAssignment(school_class=school_class, teacher_id=t, subject_id=s)
        for t, s in sorted(added)
    )
    return len(added), len(removed)


@transaction.atomic
def subject_ensure(*, code: str, names: dict[str, str]) -> tuple[Subject, bool]:
    """The subject with this code, created from `names` ({"en": …, "fr": …, "ar": …}) when
    missing; an existing subject only gets its empty translations filled. (subject, created)"""
    subject = Subject.objects.filter(code=code).first()
    if subject is None:
        fields = {f"name_{lang}": text for lang, text in names.items() if text}
        # The default language's column backs `name`: never leave it empty.
        fields.setdefault("name_en", next(iter(fields.values()), code))
        return Subject.objects.create(code=code, **fields), True
    empty = [lang for lang, text in names.items() if text and not getattr(subject, f"name_{lang}")]
    for lang in empty:
        setattr(subject, f"name_{lang}", names[lang])
    if empty:
        subject.save(update_fields=[f"name_{lang}" for lang in empty])
    return subject, False
