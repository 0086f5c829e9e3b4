"""Typed outbound events: every published type is declared, `publish` refuses what does not
match under LIVE_STRICT (and does not look in production), and docs/protocol.md says what
the models say."""

import re
from pathlib import Path

import pytest
from django.db import transaction

from challenges.room import challenge_room
from classgoals.room import class_room
from collaboration.room import study_group_room
from live.events_schema import (
    FRAMES,
    EventSchemaError,
    NoSnapshot,
    room_kind,
    rooms,
    validate_event,
    validate_frame,
)
from live.models import RoomEvent
from live.publish import publish
from live.rooms import user_room
from peerhelp.room import peer_help_room

from .publish_sites import publish_sites

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
ROOMS = [user_room(1), challenge_room(1), class_room(1), study_group_room(1), peer_help_room(1)]


# --- every call site, every room -------------------------------------------------------------


def test_every_publish_call_site_sends_a_registered_type_to_a_declared_room():
    sites = publish_sites()
    assert len(sites) >= 40, "the scan lost the call sites"
    unreadable = [s.where for s in sites if s.type is None]
    assert not unreadable, f"event types that cannot be read from the source: {unreadable}"
    unknown = [
        s
        for s in sites
        if (s.kind is not None and s.type not in rooms().get(s.kind).events)
        or (s.kind is None and not any(s.type in r.events for r in rooms().values()))
    ]
    assert not unknown, f"published but not declared in any events_schema: {unknown}"


def test_every_declared_event_is_published_somewhere():
    """A model nobody publishes is a contract nobody keeps: it goes with its last call site."""
    sites = publish_sites()
    sent = {(s.kind, s.type) for s in sites}
    passed_in = {s.type for s in sites if s.kind is None}  # presence: to the room it is told
    declared = {(kind, t) for kind, room in rooms().items() for t in room.events}
    assert {(k, t) for k, t in declared if (k, t) not in sent and t not in passed_in} == set()


def test_every_room_has_a_snapshot_model():
    for room in ROOMS:
        kind = room_kind(room)
        assert kind in rooms(), room
        assert rooms()[kind].snapshot is not None, room


# --- publish under LIVE_STRICT, and in production -----------------------------------------------

GOOD = {"player_id": 4}


@pytest.mark.parametrize(
    ("room", "type", "payload", "why"),
    [
        ("nowhere.1", "ready", GOOD, "kind 'nowhere'"),
        (challenge_room(1), "dance", GOOD, "'dance' is not an event of challenge"),
        (challenge_room(1), "ready", {"player_id": "4"}, "valid integer"),  # no coercion
        (challenge_room(1), "ready", {"player_id": True}, "valid integer"),
        (challenge_room(1), "ready", {**GOOD, "score": 3}, "Extra inputs"),
        (challenge_room(1), "ready", {}, "Field required"),
        (challenge_room(1), "countdown", {"starts_at": "soon", "seconds": 3, "now": "x"}, "ISO"),
        (user_room(1), "ready", GOOD, "'ready' is not an event of user"),  # rooms differ
    ],
)
def test_validation_refuses_what_the_room_does_not_declare(room, type, payload, why):
    with pytest.raises(EventSchemaError, match=why):
        validate_event(room=room, type=type, payload=payload)


def test_a_naive_server_time_is_refused():
    payload = {"starts_at": "2026-01-01T10:00:00", "seconds": 3, "now": "2026-01-01T10:00:00"}
    with pytest.raises(EventSchemaError, match="offset"):
        validate_event(room=challenge_room(1), type="countdown", payload=payload)


@pytest.mark.django_db
def test_strict_publish_raises_and_writes_nothing(settings):
    settings.LIVE_STRICT = True
    with pytest.raises(EventSchemaError), transaction.atomic():
        publish(room=challenge_room(7), type="ready", payload={"player_id": "4"})
    assert not RoomEvent.objects.filter(room=challenge_room(7)).exists()
    with transaction.atomic():
        event = publish(room=challenge_room(7), type="ready", payload=GOOD)
    assert event.as_message() == {"type": "ready", "seq": 1, "player_id": 4}


@pytest.mark.django_db
def test_production_does_not_validate(settings):
    """The check costs every answer: production (LIVE_STRICT off) trusts its own code."""
    settings.LIVE_STRICT = False
    with transaction.atomic():
        publish(room=challenge_room(8), type="ready", payload={"player_id": "4"})
    assert RoomEvent.objects.get(room=challenge_room(8)).payload == {"player_id": "4"}


# --- the consumer's own frames ------------------------------------------------------------------


def test_frames_are_checked_with_the_rooms_snapshot():
    validate_frame(room=user_room(1), frame={"type": "state", "seq": 0, "state": {}})
    validate_frame(room=user_room(1), frame={"type": "pong", "seq": 3, "room_seq": 3})
    validate_frame(room="", frame={"type": "error", "code": "invalid_message", "message": "Hm."})
    with pytest.raises(EventSchemaError, match="NoSnapshot"):
        validate_frame(room=user_room(1), frame={"type": "state", "seq": 0, "state": {"x": 1}})
    with pytest.raises(EventSchemaError, match="ClassState"):
        validate_frame(room=class_room(1), frame={"type": "state", "seq": 0, "state": {}})
    with pytest.raises(EventSchemaError, match="PongFrame"):
        validate_frame(room=user_room(1), frame={"type": "pong", "seq": "3", "room_seq": 3})
    with pytest.raises(EventSchemaError, match="ErrorFrame"):
        validate_frame(room=user_room(1), frame={"type": "error", "code": "x"})


# --- docs/protocol.md ---------------------------------------------------------------------------

ROOM_TOKEN = re.compile(r"`([a-z_]+)\.<id>`")
TOKEN = re.compile(r"`([^`]*)`|[\[\]{}()]")


def top_level_fields(text: str) -> set[str]:
    """The backticked names outside any (), {} or []: `a` {`b`}, `c` (`d`) -> {a, c}."""
    depth, names = 0, set()
    for match in TOKEN.finditer(text):
        token = match.group(0)
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
        elif depth == 0 and re.fullmatch(r"[a-z_]+", match.group(1)):
            names.add(match.group(1))
    return names


def documented() -> tuple[dict, dict, dict]:
    """From the doc: {kind: {type: fields}} of every "Server to client" table naming its room,
    {type: fields} of the frames table ("every room"), {kind: fields} of each snapshot."""
    events: dict[str, dict[str, set[str]]] = {}
    frames: dict[str, set[str]] = {}
    snapshots: dict[str, set[str]] = {}
    text = PROTOCOL.read_text()
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("Snapshot `state`"):
            head, body = paragraph.split(":", 1)
            room = ROOM_TOKEN.search(head)
            assert room, f"a snapshot names its room: {head}"
            snapshots[room.group(1)] = top_level_fields(body)
    lines = text.splitlines()
    target = None
    fields_column = None
    for line in lines:
        if line.startswith("#"):
            target, fields_column = None, None
            if "Server to client" in line:
                room = ROOM_TOKEN.search(line)
                target = room.group(1) if room else ("*" if "every room" in line else line)
            continue
        if target is None or not line.startswith("|"):
            continue
        assert not target.startswith("#"), f"a table's heading names its room: {target}"
        cells = [c.strip() for c in line.strip("|").split("|")]
        if fields_column is None:
            assert cells[0] == "type" and "fields" in cells, line
            fields_column = cells.index("fields")
            continue
        if set(cells[0]) <= {"-", " "}:
            continue
        fields = top_level_fields(cells[fields_column])
        for type_ in re.findall(r"`([^`]+)`", cells[0]):
            book = frames if target == "*" else events.setdefault(target, {})
            assert type_ not in book, f"{type_} is documented twice for {target}"
            book[type_] = fields
    return events, frames, snapshots


def test_the_protocol_doc_lists_every_event_with_its_fields():
    events, _frames, _snapshots = documented()
    for kind, room in rooms().items():
        assert set(events.get(kind, {})) == set(room.events), f"{kind} rooms"
        for type_, model in room.events.items():
            assert events[kind][type_] == set(model.model_fields), f"{kind} event {type_}"
    assert set(events) <= set(rooms())


def test_the_protocol_doc_lists_the_frames_and_each_snapshot():
    _events, frames, snapshots = documented()
    assert {t: set(m.model_fields) - {"type"} for t, m in FRAMES.items()} == frames
    for kind, room in rooms().items():
        if room.snapshot is NoSnapshot:
            continue
        assert snapshots.get(kind) == set(room.snapshot.model_fields), f"{kind} snapshot"
