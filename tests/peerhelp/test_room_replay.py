"""A peer-help chat's snapshot plus the events after it is the next snapshot
(tests/live/verify_room.py)."""

import pytest

from peerhelp import selectors, services
from peerhelp.room import peer_help_room
from tests.live.verify_room import verify_action

from .helpers import ask, willing

pytestmark = pytest.mark.django_db

REQUEST_FIELDS = ("id", "status", "topic", "skill", "requester", "helper")


def apply(state: dict, event: dict) -> dict:
    """What the chat page does with an event."""
    kind = event["type"]
    state = dict(state)
    if kind in ("accepted", "completed", "cancelled"):
        state.update({k: event["request"][k] for k in REQUEST_FIELDS})
    if kind == "accepted":
        state["accepted_at"] = event["accepted_at"]
    elif kind == "completed":
        state["completed_at"] = event["completed_at"]
    elif kind == "message":
        state["messages"] = [*state["messages"], event["message"]][-300:]
    elif kind != "cancelled":
        raise AssertionError(kind)
    return state


def _snapshot(request_id: int):
    return lambda: {**selectors.chat_state(request_id=request_id), "role": "requester"}


def test_a_whole_session_replays_to_the_next_snapshot(world):
    request = ask(world)
    willing(world.bilal, world.skills[0])

    def session():
        services.help_request_accept(request_id=request.pk, helper=world.bilal)
        services.help_message_send(request_id=request.pk, author=world.alice, text="Hi!")
        services.help_message_send(request_id=request.pk, author=world.bilal, text="Carry it.")
        services.help_session_complete(request_id=request.pk, user=world.bilal)

    events = verify_action(
        room=peer_help_room(request.pk), snapshot=_snapshot(request.pk), action=session, apply=apply
    )
    assert [e["type"] for e in events] == ["accepted", "message", "message", "completed"]


def test_a_withdrawn_request_replays_to_the_next_snapshot(world):
    request = ask(world)
    verify_action(
        room=peer_help_room(request.pk),
        snapshot=_snapshot(request.pk),
        action=lambda: services.help_request_cancel(request_id=request.pk, requester=world.alice),
        apply=apply,
    )
