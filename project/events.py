"""Publishing live events: persist in the room's log now, broadcast after commit.

This module is the only place that names a channel-layer group.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from live.models import RoomCursor, RoomEvent

log = logging.getLogger(__name__)

# The consumer method that relays a room event (type "room.event" -> room_event()).
ROOM_EVENT_HANDLER = "room.event"


def user_room(user_id: int) -> str:
    return f"user.{user_id}"


def challenge_room(challenge_id: int) -> str:
    return f"challenge.{challenge_id}"


STUDY_GROUP_PREFIX = "study_group."


def study_group_room(group_id: int) -> str:
    return f"{STUDY_GROUP_PREFIX}{group_id}"


def study_group_of_room(room: str) -> int | None:
    """The study group a room belongs to, or None (presence tells rooms by name)."""
    if not room.startswith(STUDY_GROUP_PREFIX):
        return None
    tail = room.removeprefix(STUDY_GROUP_PREFIX)
    return int(tail) if tail.isdigit() else None


def peer_help_room(request_id: int) -> str:
    return f"peerhelp.{request_id}"


def class_room(class_id: int) -> str:
    """A class's shared room: its goals' progress and celebrations, for students and teachers."""
    return f"class.{class_id}"


def publish(*, room: str, type: str, payload: dict) -> RoomEvent:
    """Append an event to `room` in the current transaction; send it once that commits.

    Must run inside the outermost service's atomic block, so a rollback sends nothing.
    """
    if {"type", "seq"} & payload.keys():
        raise ValueError("An event payload may not set 'type' or 'seq'.")
    # The row lock serialises a room's writers, so sequence order is commit order.
    cursor, _ = RoomCursor.objects.select_for_update().get_or_create(room=room)
    cursor.last_seq += 1
    cursor.save(update_fields=["last_seq"])
    event = RoomEvent.objects.create(room=room, seq=cursor.last_seq, type=type, payload=payload)
    message = event.as_message()
    transaction.on_commit(lambda: broadcast(room=room, message=message))
    return event


def broadcast(*, room: str, message: dict) -> None:
    """Send an already-persisted event; a lost send is recovered by the client's resume."""
    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(room, {"type": ROOM_EVENT_HANDLER, "event": message})
    except Exception:
        log.exception("broadcast to %s failed; clients will resume from the log", room)
