"""Writes to the school's structure: classes, teaching assignments, enrolments."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User

from .models import Enrollment, School, SchoolClass


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
