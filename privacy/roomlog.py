"""The room log and a person: which events name them or carry their words, and redaction.

Every live event is kept in `live.RoomEvent` before it is sent (docs/protocol.md), so a chat
line lives twice: in its feature's table and in the log. People appear in payloads as
`{"id": 12, "name": "…"}` (or `{"player_id": 12, "name": "…"}` on a challenge's scoreboard);
words as plain strings (`text`, `topic`, `question`, `thank_you`, `message`…).
"""

import json
from collections.abc import Iterable, Iterator

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from live.models import RoomEvent

PERSON_KEYS = ("id", "player_id")
_CHUNK = 2000


def _person_shaped(value) -> bool:
    """A person: {"id", "name"} exactly, or a seat with "player_id"; the name a string.
    (Skills and groups have an "id" and a "name" too, but a name per language or more keys.)"""
    return (
        isinstance(value, dict)
        and isinstance(value.get("name"), str)
        and ("player_id" in value or value.keys() == {"id", "name"})
    )


def is_person(value, user_id: int) -> bool:
    return _person_shaped(value) and any(value.get(key) == user_id for key in PERSON_KEYS)


def mentions(payload, user_id: int) -> bool:
    """Whether the payload names this person anywhere."""
    if is_person(payload, user_id):
        return True
    if isinstance(payload, dict):
        return any(mentions(v, user_id) for v in payload.values())
    if isinstance(payload, list):
        return any(mentions(v, user_id) for v in payload)
    return False


def person_ids(payload) -> set[int]:
    """Every person named in a payload."""
    found = set()
    if isinstance(payload, dict):
        if _person_shaped(payload):
            found |= {payload[k] for k in PERSON_KEYS if isinstance(payload.get(k), int)}
        for value in payload.values():
            found |= person_ids(value)
    elif isinstance(payload, list):
        for value in payload:
            found |= person_ids(value)
    return found


def rename(payload, names: dict[int, str]):
    """A copy with each named person's name replaced by names[id] (others untouched)."""
    if isinstance(payload, dict):
        out = {k: rename(v, names) for k, v in payload.items()}
        if _person_shaped(payload):
            for key in PERSON_KEYS:
                if out.get(key) in names:
                    out["name"] = names[out[key]]
        return out
    if isinstance(payload, list):
        return [rename(v, names) for v in payload]
    return payload


def carries(payload, words: set[str]) -> bool:
    """Whether any string of the payload is one of these words."""
    if isinstance(payload, dict):
        return any(carries(v, words) for v in payload.values())
    if isinstance(payload, list):
        return any(carries(v, words) for v in payload)
    return isinstance(payload, str) and payload in words


def redact(payload, *, user_id: int, stand_in_id: int, stand_in_name: str, words: set[str]):
    """A copy with the person replaced by the stand-in and every string equal to one of their
    words emptied."""

    def walk(value):
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items()}
            if is_person(value, user_id):
                out.update({k: stand_in_id for k in PERSON_KEYS if value.get(k) == user_id})
                out["name"] = stand_in_name
            return out
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str) and value in words:
            return ""
        return value

    return walk(payload)


def _json_forms(text: str) -> set[str]:
    """How a string reads inside stored JSON: PostgreSQL's jsonb keeps non-ASCII as is, a
    json.dumps default (SQLite) escapes it."""
    return {json.dumps(text, ensure_ascii=False)[1:-1], json.dumps(text)[1:-1]}


def candidates(*, user_id: int | None, words: Iterable[str] = ()) -> Iterator[RoomEvent]:
    """Events that may name the person (when `user_id` is given) or carry their words: a
    coarse filter in the database (the payload's text), then callers check precisely. In
    chunks, oldest first."""
    condition = Q(pk__in=[])
    if user_id is not None:
        condition |= Q(text__regex=rf'"({"|".join(PERSON_KEYS)})": ?{user_id}\s*[,}}\]]')
    for word in {w for w in words if w}:
        for form in _json_forms(word):
            condition |= Q(text__contains=form)
    rows = (
        RoomEvent.objects.annotate(text=Cast("payload", output_field=TextField()))
        .filter(condition)
        .order_by("pk")
    )
    return rows.iterator(chunk_size=_CHUNK)
