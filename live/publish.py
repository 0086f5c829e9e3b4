"""Publishing live events: persist in the room's log now, broadcast after commit.

Every feature names its own room (`<app>/room.py`); this module appends to the room's log
and hands the event to the channel layer, whose group is the room's name.
"""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import resync, sync_send
from .events_schema import validate_event
from .models import RoomCursor, RoomEvent

log = logging.getLogger(__name__)

# The consumer method that relays a room event (type "room.event" -> room_event()).
ROOM_EVENT_HANDLER = "room.event"


def publish(*, room: str, type: str, payload: dict) -> RoomEvent:
    """Append an event to `room` in the current transaction; send it once that commits.

    Must run inside the outermost service's atomic block, so a rollback sends nothing.
    """
    if {"type", "seq"} & payload.keys():
        raise ValueError("An event payload may not set 'type' or 'seq'.")
    if settings.LIVE_STRICT:
        # Tests and DEBUG: the payload must be its type's model (`<app>/events_schema.py`).
        validate_event(room=room, type=type, payload=payload)
    event = _append(room=room, type=type, payload=payload)
    transaction.on_commit(_AfterCommit(room=room, message=event.as_message()))
    return event


def publish_many(*, room: str, events: list[tuple[str, dict]]) -> list[RoomEvent]:
    """`publish` for several events of one room, in order, in one round trip: the cursor
    moves by their number once and each gets the next number (consecutive seqs)."""
    for type, payload in events:
        if {"type", "seq"} & payload.keys():
            raise ValueError("An event payload may not set 'type' or 'seq'.")
        if settings.LIVE_STRICT:
            validate_event(room=room, type=type, payload=payload)
    if len(events) == 1 or transaction.get_connection().vendor != "postgresql":
        return [_publish_appended(_append(room=room, type=t, payload=p)) for t, p in events]
    if not events:
        return []
    return [_publish_appended(event) for event in _append_many(room=room, events=events)]


def _publish_appended(event: RoomEvent) -> RoomEvent:
    transaction.on_commit(_AfterCommit(room=event.room, message=event.as_message()))
    return event


class _AfterCommit:
    """The broadcast waiting for commit; its presence also says "this room's cursor is
    locked by the running transaction" (see `check_lock_order`)."""

    def __init__(self, *, room: str, message: dict) -> None:
        self.room = room
        self.message = message

    def __call__(self) -> None:
        _send_after_commit(room=self.room, message=self.message)


class LockOrderError(RuntimeError):
    """A domain row was locked after its room's cursor: two such paths deadlock."""


def rooms_locked_here() -> set[str]:
    """Rooms whose cursor the current service holds (it published to them and has not
    committed). Read from the broadcasts waiting for commit, so it costs no query; a
    callback registered in a released inner savepoint is not counted."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return set()
    active = set(connection.savepoint_ids)
    return {
        func.room
        for savepoints, func, _robust in connection.run_on_commit
        if isinstance(func, _AfterCommit) and savepoints <= active
    }


def check_lock_order(room: str) -> None:
    """Call before locking a domain row whose writes publish to `room`.

    The one lock order (docs/protocol.md): the domain row, then the room cursor, which
    `publish` takes and holds until commit. Checked when `LIVE_STRICT` is on (tests, DEBUG).
    """
    if getattr(settings, "LIVE_STRICT", False) and room in rooms_locked_here():
        raise LockOrderError(
            f"A row of {room} is locked after its room cursor: lock domain rows first."
        )


# One round trip on PostgreSQL: bump the room's cursor (the upsert holds its row lock until
# commit, which serialises the room's writers, so sequence order is commit order) and log the
# event with the number it got. Every live write publishes several events, so this matters.
_APPEND_SQL = """
WITH cursor AS (
    INSERT INTO live_roomcursor (room, last_seq) VALUES (%s, 1)
    ON CONFLICT (room) DO UPDATE SET last_seq = live_roomcursor.last_seq + 1
    RETURNING last_seq
)
INSERT INTO live_roomevent (room, seq, type, payload, created_at)
SELECT %s, cursor.last_seq, %s, %s, %s FROM cursor
RETURNING id, seq
"""


def _append(*, room: str, type: str, payload: dict) -> RoomEvent:
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        cursor, _ = RoomCursor.objects.select_for_update().get_or_create(room=room)
        cursor.last_seq += 1
        cursor.save(update_fields=["last_seq"])
        return RoomEvent.objects.create(room=room, seq=cursor.last_seq, type=type, payload=payload)
    event = RoomEvent(room=room, type=type, payload=payload, created_at=timezone.now())
    payload_field = RoomEvent._meta.get_field("payload")
    params = [
        room,
        room,
        type,
        payload_field.get_db_prep_save(payload, connection),
        event.created_at,
    ]
    with connection.cursor() as sql:
        sql.execute(_APPEND_SQL, params)
        event.pk, event.seq = sql.fetchone()
    event._state.adding = False
    return event


# The same for n events: the cursor moves by n, the events take its last n numbers in order.
_APPEND_MANY_SQL = """
WITH cursor AS (
    INSERT INTO live_roomcursor (room, last_seq) VALUES (%s, %s)
    ON CONFLICT (room) DO UPDATE SET last_seq = live_roomcursor.last_seq + %s
    RETURNING last_seq
)
INSERT INTO live_roomevent (room, seq, type, payload, created_at)
SELECT %s, cursor.last_seq - %s + e.n, e.type, e.payload, %s
FROM cursor, unnest(%s::varchar[], %s::jsonb[]) WITH ORDINALITY AS e(type, payload, n)
RETURNING id, seq
"""


def _append_many(*, room: str, events: list[tuple[str, dict]]) -> list[RoomEvent]:
    encoder = RoomEvent._meta.get_field("payload").encoder
    created_at = timezone.now()
    n = len(events)
    params = [
        room,
        n,
        n,
        room,
        n,
        created_at,
        [t for t, _p in events],
        [json.dumps(p, cls=encoder) for _t, p in events],
    ]
    with transaction.get_connection().cursor() as sql:
        sql.execute(_APPEND_MANY_SQL, params)
        rows = sorted(sql.fetchall(), key=lambda row: row[1])
    appended = []
    for (pk, seq), (type, payload) in zip(rows, events, strict=True):
        event = RoomEvent(pk=pk, room=room, seq=seq, type=type, payload=payload)
        event.created_at = created_at
        event._state.adding = False
        appended.append(event)
    return appended


# Set by a socket consumer around a service call: events committed by that call are sent by
# the consumer from its event loop, so the single database thread that Channels shares
# between every socket of the process does not wait on the channel layer.
_outbox: ContextVar[list | None] = ContextVar("events_outbox", default=None)


@contextmanager
def collect_broadcasts() -> Iterator[list[tuple[str, dict]]]:
    """Gather, instead of sending, what commits inside; the caller sends it, in order."""
    pending: list[tuple[str, dict]] = []
    token = _outbox.set(pending)
    try:
        yield pending
    finally:
        _outbox.reset(token)


def _send_after_commit(*, room: str, message: dict) -> None:
    pending = _outbox.get()
    if pending is not None:
        pending.append((room, message))
    else:
        broadcast(room=room, message=message)


async def send_collected(pending: list[tuple[str, dict]]) -> None:
    """Send collected events one by one (a room's events leave in sequence order)."""
    layer = get_channel_layer()
    for room, message in pending:
        resync.note_seq(room, message["seq"])
        try:
            await layer.group_send(room, {"type": ROOM_EVENT_HANDLER, "event": message})
        except Exception:
            log.exception("broadcast to %s failed; clients will resume from the log", room)
            resync.broadcast_failed(room, message["seq"])


def broadcast(*, room: str, message: dict) -> None:
    """Send an already-persisted event; a lost send is recovered from the log
    (`live/resync.py`: the room is swept here and announced once the layer answers)."""
    layer = get_channel_layer()
    try:
        sync_send.group_send(layer, room, {"type": ROOM_EVENT_HANDLER, "event": message})
    except Exception:
        log.exception("broadcast to %s failed; clients will resume from the log", room)
        resync.broadcast_failed(room, message["seq"])
