"""How many sockets one user may hold open at once, across every daphne process.

A counter per user in the cache (Redis in production, so all processes share it; the
in-memory cache of `make run` counts one process). A socket takes a slot once it is allowed
into its room and gives it back when it closes. A process killed without closing its sockets
leaves their slots taken until the counter's lease (`LEASE_SECONDS`) runs out, renewed by
every new socket of the user; the limit is generous, so a few stale slots never lock
anyone out.
"""

import contextlib

from asgiref.sync import sync_to_async
from django.core.cache import cache

LEASE_SECONDS = 2 * 3600


def _key(user_id: int) -> str:
    return f"live:sockets:{user_id}"


def _take(user_id: int, limit: int) -> bool:
    key = _key(user_id)
    for _ in range(2):  # the counter may expire between add and incr: start it again
        cache.add(key, 0, LEASE_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:
            continue
        cache.touch(key, LEASE_SECONDS)
        if count > limit:
            cache.decr(key)
            return False
        return True
    return True  # the cache keeps losing the key: never refuse for our own bookkeeping


def _give_back(user_id: int) -> None:
    with contextlib.suppress(ValueError):  # the lease ran out meanwhile: nothing to give back
        cache.decr(_key(user_id))


def open_count(user_id: int) -> int:
    return int(cache.get(_key(user_id), 0))


# Off the database thread: a cache round trip should not queue behind queries.
socket_take = sync_to_async(_take, thread_sensitive=False)
socket_give_back = sync_to_async(_give_back, thread_sensitive=False)
