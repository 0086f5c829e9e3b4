"""A match's texts travel in every language: each player's and observer's page shows its own
(issue 11: an ar and an en player met the same English question)."""

import pytest
from django.utils import translation

from challenges import selectors, services
from challenges.room import challenge_room
from live.models import RoomEvent
from live.rooms import user_room
from tests.trilingual import CHOICES, EXERCISE, PROMPT, choice_texts, translate_world

from .helpers import answer, invite, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def trilingual(world):
    translate_world(world)
    return world


@pytest.mark.parametrize("active", ["ar", "fr", "en"])
def test_the_invitation_names_the_exercise_in_every_language(trilingual, active):
    # Whatever language the inviter's request ran in, the invitee reads their own.
    with translation.override(active):
        invite(trilingual)
    event = RoomEvent.objects.get(room=user_room(trilingual.bilal.pk))
    assert event.payload["challenge"]["exercise"]["title"] == EXERCISE


def test_the_accepted_notice_names_the_exercise_in_every_language(trilingual):
    challenge = invite(trilingual)
    with translation.override("ar"):
        services.challenge_respond(challenge_id=challenge.pk, player=trilingual.bilal, accept=True)
    event = RoomEvent.objects.get(room=user_room(trilingual.alice.pk), type="challenge.accepted")
    assert event.payload["challenge"]["exercise"]["title"] == EXERCISE


def test_the_snapshot_and_the_question_carry_every_language(trilingual):
    with translation.override("fr"):
        challenge = started(trilingual)
        state = selectors.challenge_state(challenge_id=challenge.pk)
    assert state["exercise"]["title"] == EXERCISE
    question = state["question"]
    assert question["prompt"] == PROMPT
    assert {c["id"]: c["text"] for c in question["choices"]} == choice_texts(trilingual)
    served = RoomEvent.objects.filter(room=challenge_room(challenge.pk), type="question").first()
    assert served.payload["prompt"] == PROMPT


def test_the_revealed_answer_carries_every_language(trilingual):
    challenge = started(trilingual)
    with translation.override("ar"):
        answer(trilingual, challenge, trilingual.alice)
        answer(trilingual, challenge, trilingual.bilal)
    closed = RoomEvent.objects.get(room=challenge_room(challenge.pk), type="question.closed")
    assert closed.payload["correct_answer"] == CHOICES[1]
