"""Presence rules, pure (no ORM, no I/O): how long a silent socket still counts as here.

A client pings every `heartbeat_seconds`; a socket not heard from for `grace` seconds is
gone (a dropped connection never says goodbye). A socket that closes cleanly lingers a few
seconds, so a page reload or a quick reconnect does not flicker "left" then "joined".
"""

from datetime import datetime, timedelta

# A socket silent this long is gone: three missed heartbeats.
GRACE_SECONDS = 30.0
# How long a cleanly closed socket still counts (a reload reconnects well within this).
LEAVE_LINGER_SECONDS = 5.0
# A ping this soon after the socket's last beat does not beat again (at most; see below).
BEAT_SKIP_MAX_SECONDS = 1.0


def heartbeat_seconds(grace: float) -> float:
    """How often a client pings: three beats fit in one grace period."""
    return max(0.5, grace / 3)


def beat_skip_seconds(grace: float) -> float:
    """A ping within this long of the socket's last beat leaves the store alone: the beat it
    would make moves the expiry by less than a tenth of the grace period, so the socket is
    never counted gone sooner than 0.9 grace after its last ping. Clients ping every
    `heartbeat_seconds` (a third of the grace), so only a client pinging fast is spared."""
    return min(BEAT_SKIP_MAX_SECONDS, grace / 10)


def leave_linger_seconds(grace: float) -> float:
    return min(LEAVE_LINGER_SECONDS, grace / 2)


def expiry_after_beat(*, now: datetime, grace: float) -> datetime:
    return now + timedelta(seconds=grace)


def expiry_after_leave(*, now: datetime, expires_at: datetime, grace: float) -> datetime:
    """A closed socket never lives longer than it would have, and at most the linger."""
    return min(expires_at, now + timedelta(seconds=leave_linger_seconds(grace)))


def is_live(*, expires_at: datetime, now: datetime) -> bool:
    return expires_at > now
