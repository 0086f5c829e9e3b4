"""What the server sends: every event type a pydantic model, registered per room kind.

The inbound messages are typed in `live/messages.py`; this is the other direction. Each
feature declares its rooms' events and snapshot beside its room contract, in
`<app>/events_schema.py`, and registers them here; this module holds the registry, the
types every feature shares and the protocol's own frames (`state`, `pong`, `error`) and
event (`presence`).

`publish` validates each payload against its type when `LIVE_STRICT` is on (tests, DEBUG):
an unknown room kind, an unknown type or a payload that does not match raises
`EventSchemaError`. Production skips it: the payloads are built by our own code, and the
check would cost every answer. `docs/protocol.md` is checked against the registry
(tests/live/test_events_schema.py).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, ClassVar, Literal

from django.utils.module_loading import autodiscover_modules
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError


class EventSchemaError(ValueError):
    """A server event or frame that its room's schema does not allow."""


class Schema(BaseModel):
    # Strict: the types exactly (1 is not True, "3" is not 3) and nothing undeclared, so a
    # payload that drifts from what the clients read fails the tests that produce it.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ServerEvent(Schema):
    """An event's payload, as `publish` takes it: every field of the frame but `type` and
    `seq`, which the room log adds."""

    type: ClassVar[str]


def _iso_datetime(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise ValueError("a server time carries its offset")
    return value


# The server's clock, as `datetime.isoformat()` writes it (always with its offset).
IsoDateTime = Annotated[str, AfterValidator(_iso_datetime)]


class Translated(Schema):
    """A translated name or text in every language: each page shows its reader's."""

    ar: str
    fr: str
    en: str


class Person(Schema):
    id: int
    name: str


class Named(Schema):
    """A translated thing: a skill or an exercise."""

    id: int
    name: Translated


# --- the protocol's own event and frames -------------------------------------------------------


class Presence(ServerEvent):
    """Who arrived and who left an announcing room: a delta (docs/protocol.md "Presence")."""

    type = "presence"
    joined: list[Person]
    left: list[int]


class PresenceState(Schema):
    users: list[Person]
    heartbeat_seconds: float


class Frame(Schema):
    """A frame the room consumer sends itself (not from the room log)."""


class StateFrame(Frame):
    type: Literal["state"]
    seq: int
    state: dict  # the room kind's snapshot model checks it (`validate_frame`)


class PongFrame(Frame):
    type: Literal["pong"]
    seq: int
    room_seq: int
    heartbeat_seconds: float | None = None  # rooms that announce presence


class ErrorFrame(Frame):
    type: Literal["error"]
    code: str
    message: str


FRAMES: dict[str, type[Frame]] = {"state": StateFrame, "pong": PongFrame, "error": ErrorFrame}


class NoSnapshot(Schema):
    """The state of a room with nothing to show but its events (a user's own channel)."""


# --- the registry --------------------------------------------------------------------------------


@dataclass
class RoomSchema:
    kind: str
    events: dict[str, type[ServerEvent]] = field(default_factory=dict)
    snapshot: type[Schema] | None = None


_rooms: dict[str, RoomSchema] = {}
_discovered = False


def register(
    kind: str, *events: type[ServerEvent], snapshot: type[Schema] | None = None
) -> RoomSchema:
    """Declare events (and at most one snapshot) of a room kind; several apps may add events
    to one kind (a user's own channel is fed by every feature), never the same type twice."""
    room = _rooms.setdefault(kind, RoomSchema(kind=kind))
    for event in events:
        if event.type in room.events and room.events[event.type] is not event:
            raise EventSchemaError(f"{kind} event {event.type!r} is declared twice.")
        room.events[event.type] = event
    if snapshot is not None:
        if room.snapshot not in (None, snapshot):
            raise EventSchemaError(f"{kind} has two snapshots.")
        room.snapshot = snapshot
    return room


def rooms() -> dict[str, RoomSchema]:
    """Every room kind's schema, once each app's `events_schema` module is imported."""
    global _discovered
    if not _discovered:
        autodiscover_modules("events_schema")
        _discovered = True
    return _rooms


def room_kind(room: str) -> str:
    """`challenge.12` -> `challenge`: a room's name is its kind, a dot, then its id."""
    return room.rsplit(".", 1)[0]


def room_schema(room: str) -> RoomSchema:
    kind = room_kind(room)
    schema = rooms().get(kind)
    if schema is None:
        raise EventSchemaError(f"No events are declared for rooms of kind {kind!r} ({room}).")
    return schema


def event_model(*, room: str, type: str) -> type[ServerEvent]:
    schema = room_schema(room)
    model = schema.events.get(type)
    if model is None:
        raise EventSchemaError(f"{type!r} is not an event of {schema.kind} rooms ({room}).")
    return model


def _check(model: type[Schema], data: dict, what: str) -> Schema:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise EventSchemaError(f"{what} does not match {model.__name__}: {error}") from error


def validate_event(*, room: str, type: str, payload: dict) -> ServerEvent:
    """Check a payload about to be published (called by `publish` under LIVE_STRICT)."""
    model = event_model(room=room, type=type)
    return _check(model, payload, f"{room} event {type!r}")


def validate_frame(*, room: str, frame: dict) -> None:
    """Check a frame a room consumer sends: `state` (with the room kind's snapshot), `pong`,
    `error`; events relayed from the room log were checked when they were published."""
    model = FRAMES.get(frame.get("type"))
    if model is None:
        return
    _check(model, frame, f"{room} frame {frame.get('type')!r}")
    if model is StateFrame:
        snapshot = room_schema(room).snapshot
        if snapshot is None:
            raise EventSchemaError(f"No snapshot is declared for {room_kind(room)} rooms.")
        _check(snapshot, frame["state"], f"{room} state")


register("user", snapshot=NoSnapshot)
