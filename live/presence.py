"""Who has a live socket in which room, across every daphne process (the database decides).

A row per socket, so several tabs of one student count once and a second process sees the
first one's sockets. Liveness is `expires_at > now`: reads filter on it, so a dropped
connection stops counting after the grace period even if no code ever runs for it. Writes
(a join, a heartbeat, a leave, `manage.py presence_sweep`) also delete expired rows and, when
the set of users in the room changed, publish a `presence` event and send `presence_changed`.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from . import rules
from .models import Presence, PresenceRoom
from .publish import publish
from .signals import presence_changed


def grace_seconds() -> float:
    """The grace period; settings may shorten it (tests) or lengthen it (flaky networks)."""
    return float(getattr(settings, "LIVE_PRESENCE_GRACE_SECONDS", None) or rules.GRACE_SECONDS)


def heartbeat_seconds() -> float:
    return rules.heartbeat_seconds(grace_seconds())


def room_user_ids(*, room: str, now: datetime | None = None) -> set[int]:
    now = now or timezone.now()
    return set(
        Presence.objects.filter(room=room, expires_at__gt=now).values_list("user_id", flat=True)
    )


def users_payload(user_ids) -> list[dict]:
    users = User.objects.filter(pk__in=user_ids).order_by("display_name", "username")
    return [{"id": user.pk, "name": str(user)} for user in users]


def room_state(*, room: str, now: datetime | None = None) -> dict:
    """What a fresh client of a presence-tracking room needs: who is here, how often to ping."""
    return {
        "users": users_payload(room_user_ids(room=room, now=now)),
        "heartbeat_seconds": heartbeat_seconds(),
    }


def _sync(*, room: str, now: datetime, announce: bool = True) -> set[int]:
    """Drop expired sockets; announce the room's users if they changed. Caller is atomic.

    A room that does not announce (a user's own notification room: only `online_user_ids`
    reads it) just drops its expired sockets.
    """
    if not announce:
        Presence.objects.filter(room=room, expires_at__lte=now).delete()
        return room_user_ids(room=room, now=now)
    announced, _ = PresenceRoom.objects.select_for_update().get_or_create(room=room)
    # Read first (usually nothing): a heartbeat in a calm room costs no delete.
    expired = list(
        Presence.objects.filter(room=room, expires_at__lte=now).values_list("pk", "last_seen")
    )
    last_seen = max((seen for _, seen in expired), default=None)
    if expired:
        Presence.objects.filter(pk__in=[pk for pk, _ in expired]).delete()
    here = room_user_ids(room=room, now=now)
    before = set(announced.user_ids)
    if here == before:
        return here
    announced.user_ids = sorted(here)
    announced.updated_at = now
    announced.save(update_fields=["user_ids", "updated_at"])
    joined, left = here - before, before - here
    publish(
        room=room,
        type="presence",
        payload={"users": users_payload(here), "joined": sorted(joined), "left": sorted(left)},
    )
    presence_changed.send(
        sender=Presence,
        room=room,
        user_ids=here,
        joined=joined,
        left=left,
        last_seen=last_seen if left else None,
        now=now,
    )
    return here


@transaction.atomic
def presence_join(
    *,
    room: str,
    user: User,
    channel_name: str,
    announce: bool = True,
    now: datetime | None = None,
) -> set[int]:
    now = now or timezone.now()
    # Sweep first, so a ghost of this room is gone before anyone new is counted.
    _sync(room=room, now=now, announce=announce)
    Presence.objects.update_or_create(
        channel_name=channel_name,
        defaults={
            "room": room,
            "user": user,
            "connected_at": now,
            "last_seen": now,
            "expires_at": rules.expiry_after_beat(now=now, grace=grace_seconds()),
        },
    )
    return _sync(room=room, now=now, announce=announce)


def presence_beat(
    *,
    room: str,
    channel_name: str,
    announce: bool = True,
    user: User | None = None,
    now: datetime | None = None,
) -> set[int]:
    """A heartbeat keeps this socket here and, in a room that announces, sweeps it.

    Every open page beats, so a quiet room (a user's own notifications: only
    `online_user_ids` reads it, and reads filter on expiry) costs one UPDATE and nothing
    else. A socket whose row was swept meanwhile (the process stalled past the grace) is
    joined again, so it never stays invisible while connected.
    """
    now = now or timezone.now()
    touched = Presence.objects.filter(channel_name=channel_name, room=room).update(
        last_seen=now, expires_at=rules.expiry_after_beat(now=now, grace=grace_seconds())
    )
    if not touched and user is not None:
        return presence_join(
            room=room, user=user, channel_name=channel_name, announce=announce, now=now
        )
    if not announce:
        return set()
    with transaction.atomic():
        return _sync(room=room, now=now, announce=announce)


@transaction.atomic
def presence_leave(
    *, room: str, channel_name: str, announce: bool = True, now: datetime | None = None
) -> set[int]:
    now = now or timezone.now()
    row = Presence.objects.filter(channel_name=channel_name, room=room).first()
    if row is not None:
        row.last_seen = now
        row.expires_at = rules.expiry_after_leave(
            now=now, expires_at=row.expires_at, grace=grace_seconds()
        )
        row.save(update_fields=["last_seen", "expires_at"])
    return _sync(room=room, now=now, announce=announce)


def _announces(room: str) -> bool:
    return PresenceRoom.objects.filter(room=room).exists()


def presence_sweep(*, now: datetime | None = None) -> int:
    """Sync every room with an expired socket or a stale announcement; returns rooms synced."""
    now = now or timezone.now()
    rooms = set(
        Presence.objects.filter(expires_at__lte=now).values_list("room", flat=True).distinct()
    )
    announcing = set(PresenceRoom.objects.exclude(user_ids=[]).values_list("room", flat=True))
    rooms |= announcing
    for room in sorted(rooms):
        with transaction.atomic():
            _sync(room=room, now=now, announce=room in announcing or _announces(room))
    return len(rooms)
