"""Shared steps for the challenge tests: invite, accept, ready, and move the clock in the DB."""

from datetime import timedelta

from django.utils import timezone

from challenges import services
from challenges.models import Challenge
from tests.factories import correct_choice, wrong_choice


def invite(world, kind="speed", **extra) -> Challenge:
    return services.challenge_invite(
        challenger=world.alice,
        opponent=world.bilal,
        exercise=world.exercise,
        kind=kind,
        message=extra.pop("message", "Good luck!"),
        **extra,
    )


def started(world, kind="speed") -> Challenge:
    """An active challenge whose countdown is over (its start moved into the past)."""
    challenge = invite(world, kind)
    services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    services.challenge_ready(challenge_id=challenge.pk, player=world.alice)
    services.challenge_ready(challenge_id=challenge.pk, player=world.bilal)
    Challenge.objects.filter(pk=challenge.pk).update(
        starts_at=timezone.now() - timedelta(milliseconds=10)
    )
    services.challenge_tick(challenge_id=challenge.pk, user=world.alice)
    return Challenge.objects.get(pk=challenge.pk)


def right(world, question_id) -> str:
    if question_id == world.choice_q.pk:
        return str(correct_choice(world.choice_q).pk)
    return "7"


def wrong(world, question_id) -> str:
    if question_id == world.choice_q.pk:
        return str(wrong_choice(world.choice_q).pk)
    return "8"


def answer(world, challenge, player, good=True, now=None):
    challenge.refresh_from_db()
    qid = challenge.current_question_id
    value = right(world, qid) if good else wrong(world, qid)
    return services.challenge_answer(
        challenge_id=challenge.pk, player=player, question_id=qid, answer=value, now=now
    )
