"""A roster as read from a file, before anything is written."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class RosterSchool:
    key: str  # the host id, else the name
    ref: str
    name: str
    city: str = ""


@dataclass(frozen=True)
class RosterClass:
    key: str  # the host id, else school key + name + year
    ref: str
    school_key: str
    name: str
    grade: str
    academic_year: str


@dataclass
class RosterPerson:
    email: str
    role: str  # ours: student, teacher, admin, parent
    ref: str = ""
    first_name: str = ""
    last_name: str = ""
    is_active: bool = True
    line: int = 0  # where it was read (0: not from a line-based file)


@dataclass
class RosterProblem:
    line: int  # 0 when not tied to a line
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass
class Roster:
    """Everything a file says. A class named here is described completely: its students and
    teachers are exactly those listed."""

    schools: dict[str, RosterSchool] = field(default_factory=dict)
    classes: dict[str, RosterClass] = field(default_factory=dict)
    people: dict[str, RosterPerson] = field(default_factory=dict)  # by email
    enrolments: dict[str, set[str]] = field(default_factory=dict)  # student email -> class keys
    # (teacher email, class key, subject code) -> the line it was read from
    teaching: dict[tuple[str, str, str], int] = field(default_factory=dict)
    subjects: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> names by language
    # A child (student email) whose parents the file names -> {parent email: line}; an empty
    # dict says "no parent". Children not named here keep their links.
    guardians: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[RosterProblem] = field(default_factory=list)
    skipped: list[RosterProblem] = field(default_factory=list)  # not errors: left out, said why

    def error(self, line: int, message: str) -> None:
        self.errors.append(RosterProblem(line, message))

    def skip(self, line: int, message: str) -> None:
        self.skipped.append(RosterProblem(line, message))


@dataclass
class RosterReport:
    dry_run: bool = False
    schools_created: int = 0
    schools_updated: int = 0
    classes_created: int = 0
    classes_updated: int = 0
    subjects_created: int = 0
    people_created: int = 0
    people_updated: int = 0
    enrolments_created: int = 0
    enrolments_reactivated: int = 0
    enrolments_deactivated: int = 0
    teaching_added: int = 0
    teaching_removed: int = 0
    parent_links_added: int = 0
    parent_links_removed: int = 0
    errors: list[RosterProblem] = field(default_factory=list)
    skipped: list[RosterProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        return sum(
            getattr(self, name)
            for name in self.__dataclass_fields__
            if name not in ("dry_run", "errors", "skipped")
        )

    def summary(self) -> list[str]:
        """One line per kind of change, in the reader's language."""
        if self.errors:
            return [
                ngettext(
                    "Nothing was imported: %(count)d problem to fix first.",
                    "Nothing was imported: %(count)d problems to fix first.",
                    len(self.errors),
                )
                % {"count": len(self.errors)},
                *(str(problem) for problem in self.errors),
            ]
        lines = [
            _("Schools: %(created)d new, %(updated)d updated.")
            % {"created": self.schools_created, "updated": self.schools_updated},
            _("Classes: %(created)d new, %(updated)d updated.")
            % {"created": self.classes_created, "updated": self.classes_updated},
            _("Subjects: %(created)d new.") % {"created": self.subjects_created},
            _("People: %(created)d new, %(updated)d updated.")
            % {"created": self.people_created, "updated": self.people_updated},
            _("Enrolments: %(created)d new, %(reactivated)d back, %(deactivated)d ended.")
            % {
                "created": self.enrolments_created,
                "reactivated": self.enrolments_reactivated,
                "deactivated": self.enrolments_deactivated,
            },
            _("Teaching: %(added)d added, %(removed)d removed.")
            % {"added": self.teaching_added, "removed": self.teaching_removed},
            _("Parents following a child: %(added)d added, %(removed)d removed.")
            % {"added": self.parent_links_added, "removed": self.parent_links_removed},
        ]
        lines += [_("Left out: %(why)s") % {"why": problem} for problem in self.skipped]
        if self.dry_run:
            lines.append(_("Dry run: nothing was saved."))
        return lines
