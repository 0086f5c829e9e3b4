"""The host's REST shapes (Madrasti 2.0's serializers), bundled in one JSON document:

    {"school": SchoolSerializer, "academic_years": [AcademicYearSerializer],
     "grades": [GradeSerializer], "subjects": [SubjectSerializer],
     "classes": [SchoolClassSerializer], "users": [UserBasicSerializer],
     "enrollments": [StudentEnrollmentSerializer]}

Each list is what the host's list endpoint returns (a paginated `{"results": [...]}` page is
accepted too). docs/roster.md says which fields are read; docs/examples/host-roster.json is
an example.
"""

from django.utils.translation import gettext as _

from .. import rules
from .model import Roster, RosterClass, RosterPerson, RosterSchool


def _items(document: dict, name: str) -> list[dict]:
    value = document.get(name) or []
    if isinstance(value, dict):
        value = value.get("results") or []
    return [item for item in value if isinstance(item, dict)]


def _id(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return "" if value is None or isinstance(value, bool) else str(value)


def read_host(document) -> Roster:
    roster = Roster()
    if not isinstance(document, dict) or not isinstance(document.get("school"), dict):
        roster.error(0, _("This is not a Madrasti 2.0 roster: the school is missing."))
        return roster
    school = document["school"]
    school_row = RosterSchool(
        key=_id(school) or str(school.get("name", "")),
        ref=_id(school),
        name=str(school.get("name") or school.get("name_french") or "").strip(),
        city=str(school.get("city") or "").strip(),
    )
    if not school_row.name:
        roster.error(0, _("The school has no name."))
        return roster
    roster.schools[school_row.key] = school_row
    years = {_id(y): str(y.get("year", "")) for y in _items(document, "academic_years")}
    grades = {_id(g): str(g.get("code") or g.get("name") or "") for g in _items(document, "grades")}
    subjects = _read_subjects(roster, document)
    _read_classes(roster, document, school_row, years, grades)
    _read_users(roster, document)
    _read_enrolments(roster, document)
    _read_teaching(roster, document, subjects)
    _read_parents(roster, document)
    return roster


def _read_subjects(roster: Roster, document: dict) -> dict[str, str]:
    """Host subject id and every name -> code."""
    lookup = {}
    for subject in _items(document, "subjects"):
        code = str(subject.get("code") or "").strip().upper()
        if not code:
            roster.skip(0, _("a subject without a code (%(name)s)") % {"name": subject.get("name")})
            continue
        names = {
            "en": subject.get("name") or "",
            "fr": subject.get("name_french") or "",
            "ar": subject.get("name_arabic") or "",
        }
        roster.subjects[code] = names
        lookup[_id(subject)] = code
        lookup.update({name.casefold(): code for name in names.values() if name})
    return lookup


def _read_classes(roster, document, school: RosterSchool, years, grades) -> None:
    for item in _items(document, "classes"):
        ref = _id(item)
        year = years.get(_id(item.get("academic_year")), "")
        if not year:  # the serializer's label reads "2025-2026 (Current)"
            year = str(item.get("academic_year_name") or "").split(" ")[0]
        grade = grades.get(_id(item.get("grade_id") or item.get("grade")), "")
        name = str(item.get("name") or "").strip()
        if not (ref and name and year):
            roster.skip(0, _("a class without an id, a name or a year (%(name)s)") % {"name": name})
            continue
        roster.classes[ref] = RosterClass(
            key=ref,
            ref=ref,
            school_key=school.key,
            name=name,
            grade=grade or str(item.get("grade_name") or "")[:20],
            academic_year=year,
        )


def _person(roster: Roster, user: dict) -> RosterPerson | None:
    email = str(user.get("email") or "").strip().lower()
    role = rules.host_role(user.get("role"))
    if not rules.EMAIL.match(email):
        roster.skip(0, _("a user without a valid email (id %(id)s)") % {"id": _id(user)})
        return None
    if role is None:
        roster.skip(
            0,
            _("%(email)s: the role %(role)s has no place in Madrasti Growth yet")
            % {"email": email, "role": user.get("role")},
        )
        return None
    first, last = str(user.get("first_name") or ""), str(user.get("last_name") or "")
    if not (first or last) and user.get("full_name"):
        first, last = rules.split_full_name(str(user["full_name"]))
    person = RosterPerson(
        email=email,
        role=role,
        ref=_id(user),
        first_name=first.strip()[:150],
        last_name=last.strip()[:150],
        is_active=user.get("is_active", True) is not False,
    )
    return roster.people.setdefault(email, person)


def _read_users(roster: Roster, document: dict) -> None:
    for user in _items(document, "users"):
        _person(roster, user)


def _read_enrolments(roster: Roster, document: dict) -> None:
    for item in _items(document, "enrollments"):
        student = item.get("student")
        person = _person(roster, student) if isinstance(student, dict) else None
        if person is None or person.role != "student":
            continue
        classes = roster.enrolments.setdefault(person.email, set())
        class_key = _id(item.get("school_class"))
        if item.get("is_active", True) is False:
            continue
        if class_key not in roster.classes:
            roster.skip(
                0,
                _("%(email)s is enrolled in class %(id)s, which is not in the file")
                % {"email": person.email, "id": class_key},
            )
            continue
        classes.add(class_key)


def _read_teaching(roster: Roster, document: dict, subjects: dict[str, str]) -> None:
    by_ref = {p.ref: p for p in roster.people.values() if p.ref}
    users = {_id(u): u for u in _items(document, "users")}
    for item in _items(document, "classes"):
        class_key = _id(item)
        if class_key not in roster.classes:
            continue
        for teacher in item.get("teachers") or []:
            if not isinstance(teacher, dict):
                continue
            person = by_ref.get(_id(teacher)) or _person(
                roster, {**teacher, "role": teacher.get("role", "TEACHER")}
            )
            if person is None or person.role != "teacher":
                continue
            profile_subject = (users.get(_id(teacher)) or {}).get("school_subject")
            code = subjects.get(_id(profile_subject)) or subjects.get(
                str(teacher.get("subject") or "").casefold()
            )
            if code is None:
                roster.skip(
                    0,
                    _("%(email)s teaches %(class)s, but no subject is known for them")
                    % {"email": person.email, "class": roster.classes[class_key].name},
                )
                continue
            roster.teaching[(person.email, class_key, code)] = 0


def _read_parents(roster: Roster, document: dict) -> None:
    """A student's `parent` (the host's User.parent: an id, or a user object) or
    `parent_email` names their parent; null names none. Students without either key keep
    their links as they are."""
    by_ref = {p.ref: p for p in roster.people.values() if p.ref}
    students = _items(document, "users") + [
        item["student"]
        for item in _items(document, "enrollments")
        if isinstance(item.get("student"), dict)
    ]
    for user in students:
        if "parent" not in user and "parent_email" not in user:
            continue
        child = roster.people.get(str(user.get("email") or "").strip().lower())
        if child is None or child.role != "student" or child.email in roster.guardians:
            continue
        parent = user.get("parent")
        email = str(user.get("parent_email") or "").strip().lower()
        if isinstance(parent, dict):
            email = email or str(parent.get("email") or "").strip().lower()
            parent = parent.get("id")
        known = roster.people.get(email) if email else by_ref.get(_id(parent))
        if known is None and (email or _id(parent)):
            roster.skip(
                0,
                _("%(email)s: their parent (%(parent)s) is not among the file's users")
                % {"email": child.email, "parent": email or _id(parent)},
            )
            continue
        if known is not None and known.role != "parent":
            roster.skip(
                0,
                _("%(email)s: %(parent)s is named as their parent but is not a parent")
                % {"email": child.email, "parent": known.email},
            )
            continue
        roster.guardians[child.email] = {known.email: 0} if known else {}
