"""The room log's history floor: what `live.RoomEvent` keeps, and the job that prunes it.

A room's log exists so a client that missed events can catch up (docs/protocol.md). Each
room keeps its last `LIVE_ROOM_LOG_KEEP_EVENTS` events (500: a client further behind than
`live.selectors.MAX_REPLAY` gets a snapshot anyway, so older events serve no replay), and no
event older than `LIVE_ROOM_LOG_KEEP_HOURS` (7 days: the privacy ceiling, docs/privacy.md).
An event goes as soon as either rule says so. The room's cursor (`RoomCursor`) is never
pruned: numbering goes on, and a client resuming from below the floor is told with a
snapshot, never with a silent gap (`live.selectors.room_events_since`).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from project.batches import BATCH, delete_in_batches

from .models import RoomCursor, RoomEvent


def keep_events() -> int:
    return max(1, int(settings.LIVE_ROOM_LOG_KEEP_EVENTS))


def max_age() -> timedelta:
    return timedelta(hours=max(1, int(settings.LIVE_ROOM_LOG_KEEP_HOURS)))


def events_below_floor(*, now: datetime) -> list[QuerySet[RoomEvent]]:
    """The events the floor drops: those past the age ceiling, and those more than
    `keep_events()` behind their room's cursor."""
    too_old = RoomEvent.objects.filter(created_at__lt=now - max_age())
    last_seq = RoomCursor.objects.filter(room=OuterRef("room")).values("last_seq")[:1]
    too_far_behind = RoomEvent.objects.alias(last_seq=Subquery(last_seq)).filter(
        seq__lte=F("last_seq") - keep_events()
    )
    return [too_old, too_far_behind]


def room_log_prune(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Delete the events below every room's floor; returns how many went.

    Idempotent, and safe on two workers at once (`delete_in_batches`: short batches under
    SKIP LOCKED). It locks only the events it deletes, never a room's cursor (read in a
    subquery), so publishing never waits on it.
    """
    now = now or timezone.now()
    return sum(delete_in_batches(events, batch=batch) for events in events_below_floor(now=now))
