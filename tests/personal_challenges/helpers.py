"""Shared steps for personal-challenge tests: a score to beat, challenges set in the past."""

from datetime import timedelta

from django.utils import timezone

from live.models import RoomEvent
from live.rooms import user_room
from personal_challenges import services
from personal_challenges.models import PersonalChallenge
from tests.growth.helpers import numeric_exercise, run_through

EVENT = services.COMPLETED_EVENT


def celebrations(student) -> list[dict]:
    return list(
        RoomEvent.objects.filter(room=user_room(student.pk), type=EVENT)
        .order_by("seq")
        .values_list("payload", flat=True)
    )


def scored_sheet(world, student=None, *, questions=4, wrong_first=2):
    """A fresh sheet on Addition that the student finished once with a modest score."""
    student = student or world.alice
    exercise, items = numeric_exercise(world.skills[0], questions=questions, title="Sums")
    run_through(student, items, wrong_first=wrong_first)
    return exercise, items


def set_earlier(challenge: PersonalChallenge, *, days: int = 0, minutes: int = 5):
    """Backdate a challenge, as if set a while ago (attempts before it never count)."""
    at = timezone.now() - timedelta(days=days, minutes=minutes)
    PersonalChallenge.objects.filter(pk=challenge.pk).update(created_at=at)
    challenge.created_at = at
    return challenge
