"""Writes for leaderboard privacy: joining, leaving, name or alias, metrics skipped.

Each change is told to the student's own channel (their other open tabs); the payload is
about that student's own settings only, never about anybody else on a board.
"""

from django.db import transaction

from accounts.models import User
from live.publish import publish
from live.rooms import user_room
from schools.models import Enrollment

from . import rules
from .errors import NotAStudent, NotParticipating, UnknownMetric
from .models import Participant, ParticipationChange, SkippedMetric

PRIVACY_EVENT = "leaderboard.privacy"


def _student(student: User) -> None:
    if not (student.is_student and student.is_active):
        raise NotAStudent()


def _publish(student: User, participant: Participant | None) -> None:
    skipped = (
        set(participant.skipped_metrics.values_list("metric", flat=True)) if participant else set()
    )
    publish(
        room=user_room(student.pk),
        type=PRIVACY_EVENT,
        payload={
            "participating": participant is not None,
            "show_name": bool(participant and participant.show_name),
            "metrics": [m for m in rules.METRICS if participant and m not in skipped],
        },
    )


def _record(student: User, kind: str) -> None:
    """Count the change in each of the student's classes, without the student."""
    ParticipationChange.objects.bulk_create(
        ParticipationChange(school_class_id=class_id, kind=kind)
        for class_id in Enrollment.objects.filter(student=student, is_active=True).values_list(
            "school_class_id", flat=True
        )
    )


def _locked(student: User) -> Participant:
    participant = Participant.objects.select_for_update().filter(student=student).first()
    if participant is None:
        raise NotParticipating()
    return participant


@transaction.atomic
def participant_join(*, student: User, show_name: bool = False) -> Participant:
    """Take part in every leaderboard of one's classes (idempotent: joining twice is once)."""
    _student(student)
    participant, created = Participant.objects.get_or_create(
        student=student, defaults={"show_name": show_name}
    )
    if created:
        _record(student, ParticipationChange.Kind.JOINED)
        _publish(student, participant)
    return participant


@transaction.atomic
def participant_leave(*, student: User) -> None:
    """Leave every board at once: boards are computed from this row, so it takes effect now."""
    deleted, _ = Participant.objects.filter(student=student).delete()
    if deleted:
        _record(student, ParticipationChange.Kind.LEFT)
        _publish(student, None)


@transaction.atomic
def participant_show_name(*, student: User, show_name: bool) -> Participant:
    participant = _locked(student)
    if participant.show_name != show_name:
        participant.show_name = show_name
        participant.save(update_fields=["show_name", "updated_at"])
        _publish(student, participant)
    return participant


@transaction.atomic
def participant_set_metric(*, student: User, metric: str, included: bool) -> Participant:
    """Appear on one metric's boards or not, while staying on the others."""
    if metric not in rules.METRICS:
        raise UnknownMetric()
    participant = _locked(student)
    skipped = SkippedMetric.objects.filter(participant=participant, metric=metric)
    if included:
        changed = skipped.delete()[0] > 0
    else:
        _, changed = SkippedMetric.objects.get_or_create(participant=participant, metric=metric)
    if changed:
        _publish(student, participant)
    return participant
