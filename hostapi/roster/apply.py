"""Write a roster: one transaction, all or nothing; the same file twice changes nothing."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import AccountConflictError, child_parents_sync, user_sync_from_host
from schools.models import School, SchoolClass, Subject
from schools.services import (
    class_enrolments_keep,
    class_teaching_set,
    class_upsert,
    enrollments_sync,
    school_upsert,
    subject_ensure,
)

from .model import Roster, RosterProblem, RosterReport


class _Abort(Exception):
    """Raised inside the transaction to roll everything back."""


def roster_apply(*, roster: Roster, dry_run: bool = False) -> RosterReport:
    """Import `roster`. With errors (in the file or met while writing) nothing is saved; a
    dry run saves nothing either but reports what would change."""
    report = RosterReport(dry_run=dry_run, errors=list(roster.errors), skipped=list(roster.skipped))
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _write(roster, report)
            if report.errors or dry_run:
                raise _Abort
    except _Abort:
        pass
    return report


def _write(roster: Roster, report: RosterReport) -> None:
    schools = _schools(roster, report)
    classes = _classes(roster, report, schools)
    subjects = _subjects(roster, report)
    people = _people(roster, report)
    if report.errors:
        return
    _enrolments(roster, report, schools, classes, people)
    _teaching(roster, report, classes, people, subjects)
    _parent_links(roster, report, people)


def _schools(roster, report) -> dict[str, School]:
    schools = {}
    for key, row in roster.schools.items():
        existed = _school_exists(row)
        schools[key], changed = school_upsert(external_ref=row.ref, name=row.name, city=row.city)
        if not existed:
            report.schools_created += 1
        elif changed:
            report.schools_updated += 1
    return schools


def _school_exists(row) -> bool:
    found = School.objects.filter(external_ref=row.ref).exists() if row.ref else False
    return found or School.objects.filter(name=row.name, external_ref="").exists()


def _classes(roster, report, schools) -> dict[str, SchoolClass]:
    classes = {}
    for key, row in roster.classes.items():
        school = schools[row.school_key]
        same_name = SchoolClass.objects.filter(
            school=school, name=row.name, academic_year=row.academic_year
        )
        by_ref = SchoolClass.objects.filter(external_ref=row.ref).first() if row.ref else None
        taken = same_name.exclude(external_ref="").exclude(external_ref=row.ref)
        if by_ref is None and taken.exists():
            report.errors.append(
                _problem(
                    _("class %(name)s (%(year)s) already exists here with another host id")
                    % {"name": row.name, "year": row.academic_year}
                )
            )
            continue
        existed = by_ref is not None or same_name.filter(external_ref="").exists()
        classes[key], changed = class_upsert(
            school=school,
            external_ref=row.ref,
            name=row.name,
            grade=row.grade,
            academic_year=row.academic_year,
        )
        if not existed:
            report.classes_created += 1
        elif changed:
            report.classes_updated += 1
    return classes


def _problem(message: str, line: int = 0) -> RosterProblem:
    return RosterProblem(line, message)


def _subjects(roster, report) -> dict[str, Subject]:
    subjects = {}
    for code, names in roster.subjects.items():
        subjects[code], created = subject_ensure(code=code, names=names)
        report.subjects_created += created
    needed = {code for (_email, _class, code) in roster.teaching} - subjects.keys()
    found = {s.code: s for s in Subject.objects.filter(code__in=needed)}
    subjects.update(found)
    for (email, _class, code), line in sorted(roster.teaching.items(), key=lambda i: i[1]):
        if code not in subjects:
            report.errors.append(
                _problem(
                    _("no subject has the code %(code)s (for %(email)s)")
                    % {"code": code, "email": email},
                    line,
                )
            )
    return subjects


def _people(roster, report) -> dict[str, User]:
    people = {}
    for email, row in roster.people.items():
        before = (
            User.objects.filter(email__iexact=email)
            .values_list("external_ref", "role", "first_name", "last_name", "is_active")
            .first()
        )
        try:
            user, created = user_sync_from_host(
                external_ref=row.ref,
                email=email,
                role=row.role,
                first_name=row.first_name or None,
                last_name=row.last_name or None,
            )
        except AccountConflictError:
            report.errors.append(
                _problem(
                    _("%(email)s and host user %(id)s are two different accounts here")
                    % {"email": email, "id": row.ref},
                    row.line,
                )
            )
            continue
        if user.is_active != row.is_active:
            user.is_active = row.is_active
            user.save(update_fields=["is_active"])
        people[email] = user
        after = (user.external_ref, user.role, user.first_name, user.last_name, user.is_active)
        if created:
            report.people_created += 1
        elif before != after:
            report.people_updated += 1
    return people


def _enrolments(roster, report, schools, classes, people) -> None:
    scope = list(schools.values())
    for email, keys in roster.enrolments.items():
        student = people.get(email)
        if student is None or not student.is_student:
            continue
        changes = enrollments_sync(
            student=student, classes=[classes[k] for k in keys if k in classes], schools=scope
        )
        report.enrolments_created += changes.created
        report.enrolments_reactivated += changes.reactivated
        report.enrolments_deactivated += changes.deactivated
    # A class in the file is complete: its students not listed have left it.
    listed = {
        key: {people[e].pk for e, keys in roster.enrolments.items() if key in keys and e in people}
        for key in classes
    }
    for key, klass in classes.items():
        report.enrolments_deactivated += class_enrolments_keep(
            school_class=klass, student_ids=listed[key]
        )


def _teaching(roster, report, classes, people, subjects) -> None:
    wanted: dict[str, set[tuple[int, int]]] = {key: set() for key in classes}
    for email, class_key, code in roster.teaching:
        teacher = people.get(email)
        if teacher is not None and class_key in classes and code in subjects:
            wanted[class_key].add((teacher.pk, subjects[code].pk))
    for key, klass in classes.items():
        added, removed = class_teaching_set(school_class=klass, assignments=wanted[key])
        report.teaching_added += added
        report.teaching_removed += removed


def _parent_links(roster, report, people) -> None:
    """A child the file names parents for has exactly those parents from the host (links an
    administrator added stay); the child may be in the file or already here."""
    for email, parents in roster.guardians.items():
        child = people.get(email) or User.objects.filter(email__iexact=email).first()
        if child is None or not child.is_student:
            for parent, line in parents.items():
                report.errors.append(
                    _problem(
                        _("no student here has the email %(email)s (the child of %(parent)s)")
                        % {"email": email, "parent": parent},
                        line,
                    )
                )
            continue
        changes = child_parents_sync(child=child, parents=[people[p] for p in parents])
        report.parent_links_added += changes.added
        report.parent_links_removed += changes.removed
