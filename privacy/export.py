"""One student's data as a ZIP of JSON and CSV files (docs/privacy.md, "Export").

Everything `holdings.HOLDINGS` marks with a file, the account itself, and the room-log events
that carry the student's words. Other children stay out of it: a classmate appears as "a classmate",
their words only where the student wrote them; adults (teachers, parents) by name, as the
student sees them in the app.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from live.rooms import user_room

from . import roomlog
from .holdings import HOLDINGS, Holding
from .words import student_words

ACCOUNT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "display_name",
    "email",
    "role",
    "external_ref",
    "date_joined",
    "last_login",
)


# Links to learning content are labelled for a reader; other links (a match, a help session)
# stay ids, since their names would bring in other children's names and words.
LABELLED = {
    "mastery.Skill",
    "mastery.Exercise",
    "mastery.Question",
    "schools.Subject",
    "schools.SchoolClass",
    "schools.School",
}


@dataclass
class Archive:
    filename: str
    content: bytes
    files: dict[str, int]  # file name (without extension) -> rows


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _People:
    """How the archive names the people a row links to (one query for all of them)."""

    def __init__(self, student: User):
        self.student = student
        self._known: dict[int, str] = {}

    def load(self, ids) -> None:
        wanted = {i for i in ids if i and i not in self._known and i != self.student.pk}
        for user in User.objects.filter(pk__in=wanted):
            self._known[user.pk] = _("a classmate") if user.is_student else str(user)

    def name(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id == self.student.pk:
            return _("you")
        return self._known.get(user_id, _("someone who left"))


def _rows(holding: Holding, student: User, people: _People) -> list[dict]:
    model = apps.get_model(holding.model)
    fields = model._meta.concrete_fields
    user_links = [f for f in fields if f.is_relation and f.related_model is User]
    content_links = [
        f.name for f in fields if f.is_relation and f.related_model._meta.label in LABELLED
    ]
    texts = dict(holding.texts)
    rows_qs = model.objects.filter(**{holding.field: student}).order_by("pk")
    objects = list(rows_qs.select_related(*content_links) if content_links else rows_qs)
    people.load(getattr(o, f.attname) for o in objects for f in user_links)
    rows = []
    for obj in objects:
        row = {}
        for f in fields:
            value = getattr(obj, f.attname)
            if f in user_links:
                row[f.name] = people.name(value)
            elif f.is_relation:
                row[f.name] = value
                if value is not None and f.name in content_links:
                    row[f"{f.name}_label"] = str(getattr(obj, f.name))
            elif f.name in texts and getattr(obj, f"{texts[f.name]}_id") != student.pk:
                continue  # someone else's words
            else:
                row[f.name] = _plain(value)
        rows.append(row)
    return rows


def _room_log(student: User, people: _People) -> list[dict]:
    """The live events that carry the student's words (chat lines, topics, insights, help
    requests and thanks, challenge messages), as they were sent."""
    words = student_words(student)
    events = [
        e
        for e in roomlog.candidates(user_id=None, words=words)
        if roomlog.carries(e.payload, words)
    ]
    ids = {i for e in events for i in roomlog.person_ids(e.payload)}
    people.load(ids)
    names = {i: people.name(i) for i in ids}
    own = user_room(student.pk)
    return [
        {
            "room": "mine" if e.room == own else e.room,
            "seq": e.seq,
            "type": e.type,
            "at": e.created_at.isoformat(),
            "payload": roomlog.rename(e.payload, names),
        }
        for e in sorted(events, key=lambda e: (e.created_at, e.pk))
    ]


def _account(student: User) -> list[dict]:
    return [{name: _plain(getattr(student, name)) for name in ACCOUNT_FIELDS}]


def _csv(rows: list[dict]) -> str:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                for k, v in row.items()
            }
        )
    return "\ufeff" + out.getvalue()  # Excel reads UTF-8 (Arabic) with the BOM


def student_export(*, student: User, language: str | None = None) -> Archive:
    """Build the archive of one student's data."""
    now = timezone.now()
    with translation.override(language or translation.get_language()):
        people = _People(student)
        tables: dict[str, list[dict]] = {"account": _account(student)}
        for holding in HOLDINGS:
            if holding.file:
                tables[holding.file] = _rows(holding, student, people)
        tables["room_log"] = _room_log(student, people)
        readme = render_to_string(
            "privacy/archive_readme.txt",
            {"student": student, "now": now, "tables": tables, "holdings": HOLDINGS},
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        for name, rows in tables.items():
            archive.writestr(f"json/{name}.json", json.dumps(rows, ensure_ascii=False, indent=1))
            archive.writestr(f"csv/{name}.csv", _csv(rows))
    filename = f"madrasti-growth-{student.username}-{now:%Y%m%d}.zip"
    return Archive(filename, buffer.getvalue(), {k: len(v) for k, v in tables.items()})
