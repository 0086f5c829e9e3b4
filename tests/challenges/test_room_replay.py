"""A match's snapshot plus the events after it is the next snapshot (tests/live/verify_room.py):
a page that stayed connected shows what a reload shows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from challenges import selectors, services
from challenges.room import challenge_room
from tests.live.verify_room import verify_action

from .helpers import answer, invite

pytestmark = pytest.mark.django_db


def _by_player(rows: list[dict]) -> dict[int, dict]:
    return {row["player_id"]: row for row in rows}


def apply(state: dict, event: dict) -> dict:
    """What the match page does with an event."""
    kind, state = event["type"], dict(state)
    payload = {k: v for k, v in event.items() if k not in ("type", "seq")}
    if kind == "ready":
        state["scores"] = [
            {**row, "ready": row["ready"] or row["player_id"] == event["player_id"]}
            for row in state["scores"]
        ]
    elif kind == "countdown":
        state.update(status="active", starts_at=event["starts_at"])
    elif kind == "question":
        state.update(question=payload, answered=[])
    elif kind == "answer.result":
        state["answered"] = sorted({*state["answered"], event["player_id"]})
    elif kind == "score":
        state["scores"] = event["scores"]
    elif kind == "question.closed":
        # A time-out counts the question's full time (docs/protocol.md "Winner rules").
        question = state["question"]
        full_ms = round(
            (
                timezone.datetime.fromisoformat(question["deadline"])
                - timezone.datetime.fromisoformat(question["served_at"])
            ).total_seconds()
            * 1000
        )
        state["scores"] = [
            {**row, "total_ms": row["total_ms"] + full_ms}
            if row["player_id"] in event["timed_out"]
            else row
            for row in state["scores"]
        ]
        state["answered"] = sorted({*state["answered"], *event["timed_out"]})
    elif kind == "finished":
        results = _by_player(event["results"])
        state.update(
            status="finished",
            winner_id=event["winner_id"],
            results=event["results"],
            review=event["review"],
            question=None,
            answered=[],
            scores=[
                {**row, "outcome": results[row["player_id"]]["outcome"]} for row in state["scores"]
            ],
        )
    elif kind == "expired":
        state["status"] = "expired"
    else:
        raise AssertionError(kind)
    return state


def _snapshot(challenge_id: int):
    return lambda: {**selectors.challenge_state(challenge_id=challenge_id), "role": "player"}


def _accepted(world):
    challenge = invite(world)
    services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    return challenge, timezone.now()


def _at(t0, seconds: float):
    return t0 + timedelta(seconds=seconds)


def _to_first_question(world, challenge, t0):
    services.challenge_ready(challenge_id=challenge.pk, player=world.alice, now=_at(t0, 0))
    services.challenge_ready(challenge_id=challenge.pk, player=world.bilal, now=_at(t0, 0.5))
    services.challenge_tick(challenge_id=challenge.pk, user=world.alice, now=_at(t0, 4))


def test_a_whole_match_replays_to_the_next_snapshot(world):
    challenge, t0 = _accepted(world)

    def match():
        _to_first_question(world, challenge, t0)
        answer(world, challenge, world.alice, good=True, now=_at(t0, 5))
        answer(world, challenge, world.bilal, good=False, now=_at(t0, 6))
        answer(world, challenge, world.alice, good=True, now=_at(t0, 7))
        answer(world, challenge, world.bilal, good=True, now=_at(t0, 7))

    events = verify_action(
        room=challenge_room(challenge.pk),
        snapshot=_snapshot(challenge.pk),
        action=match,
        apply=apply,
    )
    assert [e["type"] for e in events][-1] == "finished"


def test_a_question_that_timed_out_replays_to_the_next_snapshot(world):
    """No `score` follows a time-out: the page adds the question's full time itself."""
    challenge, t0 = _accepted(world)
    _to_first_question(world, challenge, t0)
    answer(world, challenge, world.alice, good=True, now=_at(t0, 5))
    challenge.refresh_from_db()
    late = challenge.deadline + timedelta(seconds=1)
    events = verify_action(
        room=challenge_room(challenge.pk),
        snapshot=_snapshot(challenge.pk),
        action=lambda: services.challenge_tick(
            challenge_id=challenge.pk, user=world.alice, now=late
        ),
        apply=apply,
    )
    assert [e["type"] for e in events] == ["question.closed", "question"]
    assert events[0]["timed_out"] == [world.bilal.pk]


def test_an_expired_match_replays_to_the_next_snapshot(world):
    challenge = invite(world)
    services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    challenge.refresh_from_db()
    verify_action(
        room=challenge_room(challenge.pk),
        snapshot=_snapshot(challenge.pk),
        action=lambda: services.challenges_expire(now=challenge.expires_at + timedelta(seconds=1)),
        apply=apply,
    )
