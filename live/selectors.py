from .models import RoomCursor, RoomEvent

# A client further behind than this gets a fresh snapshot instead of a replay.
MAX_REPLAY = 500


def room_last_seq(*, room: str) -> int:
    return RoomCursor.objects.filter(room=room).values_list("last_seq", flat=True).first() or 0


def room_events_since(*, room: str, since: int, limit: int = MAX_REPLAY) -> list[dict] | None:
    """Events after `since`, oldest first; None when they cannot be replayed whole: more
    than `limit` of them, or `since` below the room's history floor (the events right after
    it were pruned, live/history.py, or erased), or `since` in the future. The caller then
    sends a snapshot: a replay never skips an event silently."""
    last = room_last_seq(room=room)  # read first: events seen below are at least this new
    if since > last or last - since > limit:
        return None
    events = list(RoomEvent.objects.filter(room=room, seq__gt=since).order_by("seq")[: limit + 1])
    if len(events) > limit:
        return None
    if since < last and (not events or events[0].seq != since + 1):
        return None  # below the floor: numbers are gapless, so a missing first event was pruned
    return [event.as_message() for event in events]


def room_last_seqs(*, rooms: list[str]) -> dict[str, int]:
    """The last seq of each room (0 for a room that never had an event), one query per 1,000."""
    seqs = dict.fromkeys(rooms, 0)
    for start in range(0, len(rooms), 1000):
        chunk = rooms[start : start + 1000]
        seqs.update(RoomCursor.objects.filter(room__in=chunk).values_list("room", "last_seq"))
    return seqs
