"""A parametrised question in a friendly match: both players meet the same variant."""

import pytest

from challenges import selectors, services
from challenges.models import Challenge
from challenges.room import challenge_room
from live.models import RoomEvent
from mastery import variants
from mastery.models import Attempt, Exercise
from tests.factories import make_template
from tests.payload_text import shows_number

from .helpers import started

pytestmark = pytest.mark.django_db


def test_both_players_get_the_same_variant_graded_on_the_server(world):
    Exercise.objects.filter(pk=world.exercise.pk).delete()
    world.exercise = Exercise.objects.create(skill=world.skills[0], title="Sums", position=1)
    template = make_template(world.exercise, position=1)
    challenge = started(world)
    seed = selectors.question_variant(challenge=challenge, question=template)
    assert seed != variants.FIXED
    shown = variants.draw(template, seed)
    a, b = shown.values["a"], shown.values["b"]

    question = RoomEvent.objects.get(room=challenge_room(challenge.pk), type="question")
    assert question.payload["prompt"] == {
        "en": f"Calculate {a} + {variants.format_number(b, 'en')}.",
        "fr": f"Calcule {a} + {variants.format_number(b, 'fr')}.",
        "ar": f"احسب {a} + {variants.format_number(b, 'ar')}",
    }
    assert not shows_number(question.payload, variants.format_number(shown.answer))

    def play(player, typed):
        return services.challenge_answer(
            challenge_id=challenge.pk, player=player, question_id=template.pk, answer=typed
        )

    assert play(world.alice, variants.format_number(shown.answer, "en")) is None
    assert play(world.bilal, variants.format_number(shown.answer + 1, "fr")) is None
    attempts = {a.student_id: a for a in Attempt.objects.filter(source="challenge")}
    assert {a.variant for a in attempts.values()} == {seed}
    assert attempts[world.alice.pk].correct and not attempts[world.bilal.pk].correct
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.FINISHED
    closed = RoomEvent.objects.get(room=challenge_room(challenge.pk), type="question.closed")
    assert closed.payload["correct_answer"] == variants.answer_all(template, shown)
    review = selectors.challenge_state(challenge_id=challenge.pk)["review"]
    assert review[0]["correct_answer"]["fr"] == variants.format_number(shown.answer, "fr")


def test_another_match_draws_another_variant(world):
    template = make_template(world.exercise)
    seeds = {
        selectors.question_variant(challenge=Challenge(pk=pk), question=template)
        for pk in range(1, 30)
    }
    assert len(seeds) == 29
