"""Shared steps for the peer-help tests: helpers who mastered a skill, a request, a session."""

from django.utils import timezone

from mastery.models import SkillProgress
from peerhelp import services
from peerhelp.models import HelpRequest
from schools.models import Enrollment
from tests.factories import make_user


def master(student, skill, p_known: float = 0.95, attempts: int = 12) -> SkillProgress:
    now = timezone.now()
    progress, _ = SkillProgress.objects.update_or_create(
        student=student,
        skill=skill,
        defaults={
            "p_known": p_known,
            "attempts": attempts,
            "correct": attempts,
            "questions_seen": attempts,
            "first_practiced_at": now,
            "last_practiced_at": now,
            # The evidence "mastered" asks for: two days, right answers at the hard levels.
            "sessions": 2,
            "level_correct": [0, 0, attempts, 0],
        },
    )
    return progress


def willing(student, skill=None):
    services.helper_availability_set(student=student, available=True)
    if skill is not None:
        master(student, skill)
    return student


def classmate(world, username: str = "dina"):
    """A third student of class A."""
    student = make_user(username)
    Enrollment.objects.create(student=student, school_class=world.class_a)
    return student


def ask(world, helper=None, **extra) -> HelpRequest:
    return services.help_request_create(
        requester=world.alice,
        skill=extra.pop("skill", world.skills[0]),
        topic=extra.pop("topic", "Carrying tens"),
        question=extra.pop("question", "Why do we carry the 1 in 17 + 5?"),
        helper=helper,
        **extra,
    )


def session(world, helper=None) -> HelpRequest:
    """An accepted request: alice asked, bilal (willing, mastered) took it."""
    helper = helper or world.bilal
    willing(helper, world.skills[0])
    request = ask(world)
    return services.help_request_accept(request_id=request.pk, helper=helper)


def completed(world, rating=None, thank_you="", helper=None) -> HelpRequest:
    request = session(world, helper)
    services.help_message_send(request_id=request.pk, author=world.alice, text="Hi!")
    request = services.help_session_complete(request_id=request.pk, user=world.alice)
    if rating is not None or thank_you:
        request = services.help_session_wrap_up(
            request_id=request.pk, user=world.alice, rating=rating, thank_you=thank_you
        )
    return request
