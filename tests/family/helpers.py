"""A parent following one of the world's students, and a week of that student's learning."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import ParentLink, User
from growth.models import Recognition
from mastery.models import Attempt
from mastery.services import attempt_record
from peerhelp import services as peerhelp
from reflections.services import reflection_create
from tests.factories import make_user
from tests.peerhelp.helpers import session


def parent_of(*children, username: str = "fatima") -> User:
    parent = make_user(username, User.Role.PARENT, first_name="Fatima")
    for child in children:
        ParentLink.objects.create(parent=parent, child=child)
    return parent


def practise(student, question, *, right: int, days_ago: int = 1) -> None:
    """`right` right answers on `question`, a day ago (the server clock for host reports)."""
    at = timezone.now() - timedelta(days=days_ago)
    answer = str(question.choices.get(is_correct=True).pk) if question.choices.exists() else "7"
    start = Attempt.objects.filter(student=student, question=question).count()
    for i in range(right):
        attempt_record(
            student=student,
            question=question,
            answer=answer,
            source=Attempt.Source.HOST,
            correct=True,
            time_spent_ms=15000,
            answered_at=at + timedelta(minutes=start + i),
        )


def helped_once(world, *, thanks: str = "Merci Bilal, tu expliques bien!"):
    """Bilal helped Alice (completed, rated, thanked)."""
    request = session(world, helper=world.bilal)
    peerhelp.help_session_complete(request_id=request.pk, user=world.alice)
    peerhelp.help_session_wrap_up(
        request_id=request.pk, user=world.alice, rating=5, thank_you=thanks
    )
    return request


def reflect(student, exercise, text: str, *, shared: bool):
    reflection = reflection_create(student=student, exercise=exercise, what_i_learned=text)
    if shared:
        reflection.shared_with_family = True
        reflection.save(update_fields=["shared_with_family"])
    return reflection


def moment(student, exercise, kind: str = "persistence") -> Recognition:
    return Recognition.objects.create(
        student=student,
        kind=kind,
        exercise=exercise,
        skill=exercise.skill,
        params={"tries": 3},
        achieved_at=timezone.now() - timedelta(hours=2),
    )
