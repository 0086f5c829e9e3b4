"""A class room's snapshot plus the events after it is the next snapshot
(tests/live/verify_room.py)."""

import pytest
from django.utils import timezone

from classgoals import selectors
from classgoals.room import class_room
from tests.live.verify_room import verify_action

from .helpers import finish_exercise, make_goal

pytestmark = pytest.mark.django_db


def apply(state: dict, event: dict) -> dict:
    """What a class page does with an event: the goal it carries replaces its old self."""
    assert event["type"] in ("goal.progress", "goal.reached"), event["type"]
    goal = dict(event["goal"])
    others = [g for g in state["goals"] if g["id"] != goal["id"]]
    return {**state, "goals": [*others, goal]}


def by_id(state: dict) -> dict:
    # A page orders goals by their end date, which no event carries: compare them as a set.
    return {**state, "goals": sorted(state["goals"], key=lambda g: g["id"])}


def test_goals_set_measured_and_reached_replay_to_the_next_snapshot(world):
    room = class_room(world.class_a.pk)

    def snapshot():
        return selectors.class_room_state(
            school_class_id=world.class_a.pk, today=timezone.localdate()
        )

    make_goal(world, title="Warm-up", target=5)
    events = verify_action(
        room=room,
        snapshot=snapshot,
        apply=apply,
        normalize=by_id,
        action=lambda: (
            make_goal(world, title="Two passes", target=2),
            finish_exercise(world, world.alice),
            finish_exercise(world, world.bilal),
        ),
    )
    assert "goal.reached" in [e["type"] for e in events]
