"""How many sockets one user may hold open at once, across every daphne process.

A counter per user in the presence store (`live/presence_store.py`: Redis, so every process
shares it; this process's memory for the embedded default). A socket takes a slot once it is
allowed into its room and gives it back when it closes. A process killed without closing its
sockets leaves their slots taken until the counter's lease (`LEASE_SECONDS`) runs out,
renewed by every new socket of the user; the limit is generous, so a few stale slots never
lock anyone out.

Each take and give-back is one Redis script on the event loop, like a presence touch: no
thread, no connection of its own (through Django's cache each call ran on a pool thread and,
the cache being per thread, opened a Redis connection: a fifth of a handshake's cost with
10,000 pages opening, bench/RESULTS.md).
"""

import contextlib

from .presence_store import PRESENCE_STORE_ERRORS, get_store

LEASE_SECONDS = 2 * 3600


async def socket_take(user_id: int, limit: int) -> bool | None:
    """True: a slot is taken; False: the user is at the limit; None: the store did not answer
    (the socket is let in uncounted: never refused for our own bookkeeping)."""
    try:
        return await get_store().aslot_take(user_id=user_id, limit=limit, lease=LEASE_SECONDS)
    except PRESENCE_STORE_ERRORS:
        return None


async def socket_give_back(user_id: int) -> None:
    """A store that does not answer keeps the slot until the lease runs out; the close goes
    on (leaving the room's group and its presence)."""
    with contextlib.suppress(*PRESENCE_STORE_ERRORS):
        await get_store().aslot_give_back(user_id=user_id)


def open_count(user_id: int) -> int:
    return get_store().slot_count(user_id=user_id)
