"""Snapshot + events = next snapshot (Zulip's `verify_action`, for our rooms).

Take a room's snapshot, run real service actions, read what they appended to the room's log
after the snapshot's seq, fold it into the snapshot with the room's reducer and compare with a
fresh snapshot. A client that applies the events it is sent therefore shows what a reload
would show; an event that forgets something the snapshot has makes this fail.
"""

import copy
from collections.abc import Callable

from live.events_schema import room_schema, validate_event
from live.selectors import room_events_since, room_last_seq

# Server clock readings: a snapshot says when it was taken, which no event can know.
CLOCK_FIELDS = frozenset({"now"})


def without_clock(value):
    if isinstance(value, dict):
        return {k: without_clock(v) for k, v in value.items() if k not in CLOCK_FIELDS}
    if isinstance(value, list):
        return [without_clock(v) for v in value]
    return value


def verify_action(
    *,
    room: str,
    snapshot: Callable[[], dict],
    action: Callable[[], object],
    apply: Callable[[dict, dict], dict],
    normalize: Callable[[dict], dict] = lambda state: state,
) -> list[dict]:
    """Run `action` between two snapshots of `room`; returns the events it published."""
    seq = room_last_seq(room=room)  # read before the state, as the consumer does
    state = snapshot()
    model = room_schema(room).snapshot
    model.model_validate(state)
    action()
    events = room_events_since(room=room, since=seq)
    assert events, "the action published nothing to the room: this check could not fail"
    folded = copy.deepcopy(state)
    for event in events:
        payload = {k: v for k, v in event.items() if k not in ("type", "seq")}
        validate_event(room=room, type=event["type"], payload=payload)
        folded = apply(folded, event)
    fresh = snapshot()
    model.model_validate(fresh)
    assert normalize(without_clock(folded)) == normalize(without_clock(fresh)), [
        e["type"] for e in events
    ]
    return events
