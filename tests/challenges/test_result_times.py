"""A match's result carries each player's times: per question (in the order played) and in all."""

from datetime import timedelta

import pytest
from django.utils import timezone

from challenges import selectors, services
from challenges.models import Challenge
from live.models import RoomEvent

from .helpers import answer, started

pytestmark = pytest.mark.django_db


def test_the_result_lists_each_players_time_on_every_question(world):
    challenge = started(world, "speed")
    served = Challenge.objects.get(pk=challenge.pk).served_at
    answer(world, challenge, world.alice, now=served + timedelta(milliseconds=2500))
    answer(world, challenge, world.bilal, good=False, now=served + timedelta(seconds=4))
    # The second question: Alice answers, Bilal lets the time run out.
    challenge.refresh_from_db()
    second = challenge.served_at
    answer(world, challenge, world.alice, now=second + timedelta(milliseconds=1200))
    services.challenge_tick(
        challenge_id=challenge.pk, user=world.alice, now=second + timedelta(seconds=21)
    )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED

    results = {r["player_id"]: r for r in selectors.results_payload(challenge=challenge)}
    assert results[world.alice.pk]["times"] == [
        {"index": 0, "time_ms": 2500, "correct": True, "timed_out": False},
        {"index": 1, "time_ms": 1200, "correct": True, "timed_out": False},
    ]
    assert results[world.bilal.pk]["times"] == [
        {"index": 0, "time_ms": 4000, "correct": False, "timed_out": False},
        {"index": 1, "time_ms": 20000, "correct": False, "timed_out": True},
    ]
    # The total is the sum the winner rules used; the `finished` event says the same.
    assert results[world.bilal.pk]["total_ms"] == 24000
    assert results[world.alice.pk]["total_ms"] == 3700
    finished = RoomEvent.objects.get(type="finished")
    assert finished.payload["results"] == selectors.results_payload(challenge=challenge)
    snapshot = selectors.challenge_state(challenge_id=challenge.pk, now=timezone.now())
    assert snapshot["results"][0]["times"] == results[world.alice.pk]["times"]


def test_a_player_who_answered_nothing_has_no_times(world):
    challenge = started(world, "speed")
    challenge.refresh_from_db()
    assert all(r["times"] == [] for r in selectors.results_payload(challenge=challenge))
