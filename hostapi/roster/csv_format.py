"""The roster CSV (docs/roster.md): one row per person and class, errors per line."""

import csv
import io
import re

from django.utils.translation import gettext as _

from accounts.models import User

from .. import rules
from .model import Roster, RosterClass, RosterPerson, RosterSchool

REQUIRED = ("role", "email", "school", "class", "grade", "academic_year")
OPTIONAL = ("first_name", "last_name", "user_id", "school_id", "class_id", "subject", "child_email")
ROLES = {"student": User.Role.STUDENT, "teacher": User.Role.TEACHER, "parent": User.Role.PARENT}
# A parent's row names one child; where the child studies comes from the child's own rows.
PARENT_REQUIRED = ("email",)
YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def read_csv(data: bytes | str) -> Roster:
    """Read a roster CSV (UTF-8, with or without BOM; comma or semicolon)."""
    roster = Roster()
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        roster.error(1, _("missing columns: %(names)s") % {"names": ", ".join(missing)})
        return roster
    reader.fieldnames = header
    seen_rows = 0
    for row in reader:
        seen_rows += 1
        _read_row(roster, reader.line_num, {k: (v or "").strip() for k, v in row.items() if k})
    if not seen_rows:
        roster.error(0, _("The file has no rows after its header."))
    return roster


def _read_row(roster: Roster, line: int, row: dict[str, str]) -> None:
    role = ROLES.get(row.get("role", "").lower())
    if role == User.Role.PARENT:
        _read_parent_row(roster, line, row)
        return
    problems = [
        _("%(column)s is empty") % {"column": name} for name in REQUIRED if not row.get(name)
    ]
    if row.get("role") and role is None:
        problems.append(
            _("role must be student, teacher or parent, not %(role)s") % {"role": row["role"]}
        )
    email = row.get("email", "").lower()
    if email and not rules.EMAIL.match(email):
        problems.append(_("%(email)s is not an email address") % {"email": row["email"]})
    year = YEAR.match(row.get("academic_year", ""))
    if row.get("academic_year") and not (year and int(year[2]) == int(year[1]) + 1):
        problems.append(
            _("academic_year must read like 2025-2026, not %(year)s")
            % {"year": row["academic_year"]}
        )
    if role == User.Role.TEACHER and not row.get("subject"):
        problems.append(_("a teacher's row needs the subject code they teach in this class"))
    if problems:
        roster.error(line, "; ".join(problems))
        return
    school = _school(roster, line, row)
    klass = school and _class(roster, line, row, school)
    person = klass and _person(roster, line, row, role, email)
    if person is None:
        return
    if role == User.Role.STUDENT:
        classes = roster.enrolments.setdefault(email, set())
        same_year = [
            key
            for key in classes
            if key != klass.key
            and roster.classes[key].school_key == klass.school_key
            and roster.classes[key].academic_year == klass.academic_year
        ]
        if same_year:
            roster.error(
                line,
                _("%(email)s is already in class %(other)s this year: one class per student")
                % {"email": email, "other": roster.classes[same_year[0]].name},
            )
            return
        classes.add(klass.key)
    else:
        roster.teaching[(email, klass.key, row["subject"].upper())] = line


def _read_parent_row(roster: Roster, line: int, row: dict[str, str]) -> None:
    problems = [
        _("%(column)s is empty") % {"column": name} for name in PARENT_REQUIRED if not row.get(name)
    ]
    if not row.get("child_email"):
        problems.append(_("a parent's row names their child in the child_email column"))
    email, child = row.get("email", "").lower(), row.get("child_email", "").lower()
    for value in (email, child):
        if value and not rules.EMAIL.match(value):
            problems.append(_("%(email)s is not an email address") % {"email": value})
    if email and email == child:
        problems.append(_("a parent cannot be their own child"))
    if problems:
        roster.error(line, "; ".join(problems))
        return
    if _person(roster, line, row, User.Role.PARENT, email) is not None:
        roster.guardians.setdefault(child, {})[email] = line


def _school(roster: Roster, line: int, row: dict[str, str]) -> RosterSchool | None:
    school = RosterSchool(
        key=row.get("school_id") or row["school"],
        ref=row.get("school_id", ""),
        name=row["school"],
    )
    known = roster.schools.setdefault(school.key, school)
    if known.name != school.name:
        roster.error(
            line,
            _("school %(id)s is named %(name)s on an earlier line")
            % {"id": school.key, "name": known.name},
        )
        return None
    return known


def _class(roster, line, row, school: RosterSchool) -> RosterClass | None:
    klass = RosterClass(
        key=row.get("class_id") or f"{school.key}/{row['class']}/{row['academic_year']}",
        ref=row.get("class_id", ""),
        school_key=school.key,
        name=row["class"],
        grade=row["grade"],
        academic_year=row["academic_year"],
    )
    known = roster.classes.setdefault(klass.key, klass)
    if known != klass:
        roster.error(
            line,
            _("class %(name)s is described differently on an earlier line") % {"name": klass.name},
        )
        return None
    return known


def _person(roster, line, row, role: str, email: str) -> RosterPerson | None:
    person = RosterPerson(
        email=email,
        role=role,
        ref=row.get("user_id", ""),
        first_name=row.get("first_name", ""),
        last_name=row.get("last_name", ""),
        line=line,
    )
    known = roster.people.setdefault(email, person)
    if (known.role, known.ref, known.first_name, known.last_name) != (
        person.role,
        person.ref,
        person.first_name,
        person.last_name,
    ):
        roster.error(
            line,
            _("%(email)s is described differently on line %(line)d")
            % {"email": email, "line": known.line},
        )
        return None
    return known
