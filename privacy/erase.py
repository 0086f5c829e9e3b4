"""Erasing a student (docs/privacy.md, "Erasure"): their words and identity everywhere,
copies included; their learning record kept without identity so classmates' shared records
and class counts stay whole.

Words are found from where the student wrote them (holdings' `texts`, the study-group topics
the room log says they set), then removed from every copy: the tables, the room log, the
sessions, the login throttle's records, the admin's history.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from accounts.models import User
from collaboration.models import (
    GroupAttendance,
    GroupInsight,
    GroupMembership,
    GroupMessage,
    GroupSession,
    StudyGroup,
)
from live.models import PresenceRoom, RoomCursor, RoomEvent
from live.rooms import user_room
from project import signals
from schools.models import Enrollment

from . import roomlog
from .errors import NotAStudent
from .holdings import ANONYMISE, DELETE, HOLDINGS, TEXTS, Holding
from .models import ErasureRecord
from .words import student_words

# Required names and topics cannot be empty: a dash stands where the erased words were.
PLACEHOLDER = "—"


@dataclass
class _Counts:
    rows: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, what: str, how: str, n: int) -> None:
        if n:
            self.rows.setdefault(what, {})[how] = self.rows.get(what, {}).get(how, 0) + n


def _model(holding: Holding):
    return apps.get_model(holding.model)


def _blank_value(model, name: str) -> str:
    return "" if model._meta.get_field(name).blank else PLACEHOLDER


def _their_groups(student: User) -> list[int]:
    ids = set(GroupMembership.objects.filter(student=student).values_list("group_id", flat=True))
    ids |= set(StudyGroup.objects.filter(created_by=student).values_list("pk", flat=True))
    ids |= set(
        GroupAttendance.objects.filter(student=student).values_list("session__group_id", flat=True)
    )
    ids |= set(
        GroupMessage.objects.filter(author=student).values_list("session__group_id", flat=True)
    )
    return sorted(ids)


def _copies(student: User, words: set[str], counts: _Counts) -> None:
    """Their words copied into other people's rows: pinned insights, session topics."""
    groups = _their_groups(student)
    pinned = GroupInsight.objects.filter(
        Q(message__author=student) | Q(session__group_id__in=groups, text__in=words)
    ).exclude(author=student)
    counts.add("collaboration.GroupInsight (copies)", "deleted", pinned.delete()[0])
    counts.add(
        "collaboration.GroupSession.topic",
        "blanked",
        GroupSession.objects.filter(group_id__in=groups, topic__in=words).update(topic=""),
    )


def _blank_words(student: User, counts: _Counts) -> None:
    """The student's words on rows that stay (shared records), before the rows move; rows
    that are deleted take their words with them."""
    kept = {h.model for h in HOLDINGS if h.erase == ANONYMISE}
    for label, texts in TEXTS.items():
        if label not in kept:
            continue
        model = apps.get_model(label)
        for text, author in texts:
            blank = _blank_value(model, text)
            rows = model.objects.filter(**{author: student}).exclude(**{f"{text}__in": ["", blank]})
            counts.add(f"{label}.{text}", "blanked", rows.update(**{text: blank}))


def _anonymise(holding: Holding, student: User, stand_in: User, counts: _Counts) -> None:
    model = _model(holding)
    moved = model.objects.filter(**{holding.field: student}).update(**{holding.field: stand_in})
    counts.add(f"{holding.model}.{holding.field}", "anonymised", moved)


def _delete(holding: Holding, student: User, counts: _Counts) -> None:
    deleted, _by_model = _model(holding).objects.filter(**{holding.field: student}).delete()
    counts.add(f"{holding.model}.{holding.field}", "deleted", deleted)


def _room_log(student: User, stand_in: User, words: set[str], counts: _Counts) -> None:
    own = user_room(student.pk)
    counts.add(
        "live.RoomEvent (own room)", "deleted", RoomEvent.objects.filter(room=own).delete()[0]
    )
    RoomCursor.objects.filter(room=own).delete()
    PresenceRoom.objects.filter(room=own).delete()
    name = str(stand_in)
    changed = []
    for event in roomlog.candidates(user_id=student.pk, words=words):
        payload = roomlog.redact(
            event.payload,
            user_id=student.pk,
            stand_in_id=stand_in.pk,
            stand_in_name=name,
            words=words,
        )
        if payload != event.payload:
            event.payload = payload
            changed.append(event)
    RoomEvent.objects.bulk_update(changed, ["payload"], batch_size=500)
    counts.add("live.RoomEvent", "redacted", len(changed))
    announced = [r for r in PresenceRoom.objects.all() if student.pk in (r.user_ids or [])]
    for room in announced:
        room.user_ids = [i for i in room.user_ids if i != student.pk]
    PresenceRoom.objects.bulk_update(announced, ["user_ids"])


def _sessions(student: User, counts: _Counts) -> None:
    """Signed-in sessions name the user only inside their encoded data."""
    theirs = [
        s.pk
        for s in Session.objects.iterator(chunk_size=2000)
        if s.get_decoded().get("_auth_user_id") == str(student.pk)
    ]
    counts.add("sessions.Session", "deleted", Session.objects.filter(pk__in=theirs).delete()[0])


def _traces(student: User, counts: _Counts) -> None:
    """The login throttle's records and the admin's history name people by text."""
    names = {n for n in (student.username, student.email) if n}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        counts.add(
            model._meta.label, "deleted", model.objects.filter(username__in=names).delete()[0]
        )
    about = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(student.pk))
    for label in {str(student), student.username}:
        if len(label) >= 3:
            about |= Q(object_repr__contains=label) | Q(change_message__contains=label)
    counts.add("admin.LogEntry", "deleted", LogEntry.objects.filter(about).delete()[0])


def _stand_in() -> User:
    user = User(
        username=f"erased-{secrets.token_hex(8)}",
        role=User.Role.STUDENT,
        is_active=False,
        is_erased=True,
    )
    user.set_unusable_password()
    user.save()
    return user


def erasure_preview(*, student: User) -> dict[str, dict[str, int]]:
    """What an erasure would touch, in rows (for the confirmation page)."""
    preview: dict[str, dict[str, int]] = {}
    for holding in HOLDINGS:
        if holding.erase in (DELETE, ANONYMISE):
            n = _model(holding).objects.filter(**{holding.field: student}).count()
            if n:
                how = "deleted" if holding.erase == DELETE else "anonymised"
                preview[f"{holding.model}.{holding.field}"] = {how: n}
    return preview


@transaction.atomic
def student_erase(*, student: User, by: User | None, now=None) -> ErasureRecord:
    """Erase one student; returns the record (who, when, how many rows: no personal data)."""
    student = User.objects.select_for_update().get(pk=student.pk)
    if not student.is_student or student.is_erased:
        raise NotAStudent()
    now = now or timezone.now()
    counts = _Counts()
    words = student_words(student)
    class_ids = set(
        Enrollment.objects.filter(student=student).values_list("school_class_id", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        stand_in = _stand_in()
        _copies(student, words, counts)
        _room_log(student, stand_in, words, counts)
        _blank_words(student, counts)
        for holding in HOLDINGS:
            if holding.erase == ANONYMISE:
                _anonymise(holding, student, stand_in, counts)
        for holding in HOLDINGS:
            if holding.erase == DELETE:
                _delete(holding, student, counts)
        _sessions(student, counts)
        _traces(student, counts)
    student.delete()
    signals.student_erased.send(sender=student_erase, class_ids=class_ids)
    return ErasureRecord.objects.create(
        erased_at=now, erased_by=by, stand_in=stand_in, counts=counts.rows
    )


def students_erase(*, students: Iterable[User], by: User | None) -> list[ErasureRecord]:
    return [student_erase(student=s, by=by) for s in students]
