"""Who has a live socket in which room, across every daphne process.

The sockets live in the presence store (`live/presence_store.py`: Redis sorted sets scored
by expiry, or this process's memory without Redis), never in PostgreSQL: a heartbeat is one
Redis round trip. Liveness is "expires after now", so a dropped connection stops counting
after the grace period even if no code ever runs for it, and several tabs of one user count
once.

A room that announces (a study group) is told only when its set of users changes, as a
`presence` event with the delta (`joined` with names, `left` ids). That change is decided in
PostgreSQL (`presence_announce`): the room's `PresenceRoom` row, locked, holds who the room
was last told about, so two processes never announce the same change twice or out of order,
and the announcement is persisted in the room's log like any event. Lock order (see
docs/protocol.md): the presence row, then the receivers' domain rows (`presence_changed`),
then the room cursor (`publish`, always last).
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from . import rules
from .models import PresenceRoom
from .presence_store import Touch, get_store
from .publish import publish
from .signals import presence_changed


def grace_seconds() -> float:
    """The grace period; settings may shorten it (tests) or lengthen it (flaky networks)."""
    return float(getattr(settings, "LIVE_PRESENCE_GRACE_SECONDS", None) or rules.GRACE_SECONDS)


def heartbeat_seconds() -> float:
    return rules.heartbeat_seconds(grace_seconds())


def beat_skip_seconds() -> float:
    return rules.beat_skip_seconds(grace_seconds())


def _epoch(moment: datetime) -> float:
    return moment.timestamp()


def _moment(epoch: float | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, tz=UTC) if epoch is not None else None


# --- reads ------------------------------------------------------------------------------------


def room_user_ids(*, room: str, now: datetime | None = None) -> set[int]:
    """Users with a live socket in `room` now (one round trip to the store)."""
    return get_store().users(room=room, now=_epoch(now or timezone.now()))


def online_user_ids(*, user_ids: Iterable[int], now: datetime | None = None) -> set[int]:
    """Users with a live socket anywhere now (any room, any tab, any process)."""
    return get_store().online(user_ids=user_ids, now=_epoch(now or timezone.now()))


def users_payload(user_ids) -> list[dict]:
    users = User.objects.filter(pk__in=list(user_ids)).order_by("display_name", "username")
    return [{"id": user.pk, "name": str(user)} for user in users]


def room_state(*, room: str) -> dict:
    """A fresh client's view: who the room was last told is here (the same set the `presence`
    events describe, so a snapshot plus the events after it is the next snapshot)."""
    announced = PresenceRoom.objects.filter(room=room).values_list("user_ids", flat=True).first()
    return {"users": users_payload(announced or []), "heartbeat_seconds": heartbeat_seconds()}


# --- touches: the store only (no database unless a room's set of users changed) ------------------


def _touch_args(mode: str, room: str, user: User, channel_name: str, announce: bool, now):
    at = _epoch(now)
    if mode == "leave":
        expires = at + rules.leave_linger_seconds(grace_seconds())
    else:
        expires = at + grace_seconds()
    return {
        "mode": mode,
        "room": room,
        "user_id": user.pk,
        "channel": channel_name,
        "now": at,
        "expires": expires,
        "announce": announce,
    }


def touch(
    *, mode: str, room: str, user: User, channel_name: str, announce: bool, now=None
) -> Touch:
    """Join, beat or leave in the store; a beat of a socket swept meanwhile joins again."""
    now = now or timezone.now()
    store = get_store()
    found = store.touch(**_touch_args(mode, room, user, channel_name, announce, now))
    if mode == "beat" and not found.touched:
        found = store.touch(**_touch_args("join", room, user, channel_name, announce, now))
    return found


async def atouch(
    *, mode: str, room: str, user: User, channel_name: str, announce: bool, now=None
) -> Touch:
    """`touch` from the event loop (a consumer): never waits on the database thread."""
    now = now or timezone.now()
    store = get_store()
    found = await store.atouch(**_touch_args(mode, room, user, channel_name, announce, now))
    if mode == "beat" and not found.touched:
        found = await store.atouch(**_touch_args("join", room, user, channel_name, announce, now))
    return found


# --- announcing a change: PostgreSQL, only when the set of users changed ------------------------


def presence_announce(
    *, room: str, now: datetime | None = None, last_seen: float | None = None
) -> set[int]:
    """Tell the room who joined and who left since it was last told, once, in order.

    The room's presence row is locked first; receivers of `presence_changed` lock their own
    rows next (a study group opens or closes its session); the `presence` event is
    published last, so the room cursor is the last lock taken, as everywhere.
    """
    try:
        return _announce(room=room, now=now or timezone.now(), last_seen=last_seen)
    except BaseException:
        # Rolled back: the store must not believe the room was told (the next touch
        # goes to the database again and announces the change).
        get_store().forget_announced(room=room)
        raise


@transaction.atomic
def _announce(*, room: str, now: datetime, last_seen: float | None) -> set[int]:
    row, _ = PresenceRoom.objects.select_for_update().get_or_create(room=room)
    here = room_user_ids(room=room, now=now)
    before = set(row.user_ids)
    if here != before:
        joined, left = here - before, before - here
        row.user_ids = sorted(here)
        row.updated_at = now
        row.save(update_fields=["user_ids", "updated_at"])
        presence_changed.send(
            sender=PresenceRoom,
            room=room,
            user_ids=here,
            joined=joined,
            left=left,
            last_seen=(_moment(last_seen) or now) if left else None,
            now=now,
        )
        publish(
            room=room,
            type="presence",
            payload={"joined": users_payload(joined), "left": sorted(left)},
        )
    # The store's copy lets the next heartbeats skip the database. Set under the row lock,
    # so the copies of two processes' announcements are written in the order they were made.
    get_store().set_announced(room=room, user_ids=here)
    return here


def _settle(found: Touch, *, room: str, now: datetime) -> set[int]:
    if found.changed:
        return presence_announce(room=room, now=now, last_seen=found.last_seen)
    return set(found.here)


def presence_join(
    *,
    room: str,
    user: User,
    channel_name: str,
    announce: bool = True,
    now: datetime | None = None,
) -> set[int]:
    now = now or timezone.now()
    found = touch(
        mode="join", room=room, user=user, channel_name=channel_name, announce=announce, now=now
    )
    return _settle(found, room=room, now=now)


def presence_beat(
    *,
    room: str,
    user: User,
    channel_name: str,
    announce: bool = True,
    now: datetime | None = None,
) -> set[int]:
    """A heartbeat keeps this socket here and sweeps the room: one store round trip."""
    now = now or timezone.now()
    found = touch(
        mode="beat", room=room, user=user, channel_name=channel_name, announce=announce, now=now
    )
    return _settle(found, room=room, now=now)


def presence_leave(
    *,
    room: str,
    user: User,
    channel_name: str,
    announce: bool = True,
    now: datetime | None = None,
) -> set[int]:
    """A clean close: the socket lingers a few seconds (a reload must not flicker)."""
    now = now or timezone.now()
    found = touch(
        mode="leave", room=room, user=user, channel_name=channel_name, announce=announce, now=now
    )
    return _settle(found, room=room, now=now)


def presence_sweep(*, now: datetime | None = None) -> int:
    """Sync every announcing room (drop expired sockets, announce who left); returns how many
    rooms changed. Quiet rooms need no sweep: reads filter on expiry and Redis drops idle
    keys."""
    now = now or timezone.now()
    store = get_store()
    changed = 0
    for room in store.announcing_rooms():
        found = store.touch(
            mode="sync",
            room=room,
            user_id=0,
            channel="",
            now=_epoch(now),
            expires=_epoch(now),
            announce=True,
        )
        if found.changed:
            presence_announce(room=room, now=now, last_seen=found.last_seen)
            changed += 1
    return changed
