"""A user's open sockets are counted in the presence store, in Redis or in memory alike; the
store's connections queue under load, and a store that stops answering is not a log storm."""

import asyncio
import logging

import pytest
from django.conf import settings

from live.presence_store import MemoryPresenceStore, RedisPresenceStore


def _stores():
    yield MemoryPresenceStore()
    config = settings.LIVE_PRESENCE_STORE
    if config.get("BACKEND") == "redis":
        yield RedisPresenceStore(url=config["URL"], prefix=f"{config['PREFIX']}-slots")


@pytest.mark.asyncio
@pytest.mark.parametrize("store", list(_stores()), ids=lambda s: type(s).__name__)
async def test_slots_are_taken_up_to_the_limit_and_given_back(store):
    store.clear()
    assert [await store.aslot_take(user_id=7, limit=2, lease=60) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert store.slot_count(user_id=7) == 2  # the refused third took nothing
    assert store.slot_count(user_id=8) == 0
    await store.aslot_give_back(user_id=7)
    assert await store.aslot_take(user_id=7, limit=2, lease=60)
    for _ in range(3):  # more give-backs than takes never go below zero
        await store.aslot_give_back(user_id=7)
    assert store.slot_count(user_id=7) == 0
    assert await store.aslot_take(user_id=7, limit=2, lease=60)
    store.clear()
    assert store.slot_count(user_id=7) == 0


@pytest.mark.asyncio
async def test_more_touches_in_flight_than_connections_wait_their_turn(monkeypatch):
    """The asyncio client's pool is bounded and queues: past it, a beat waits, never fails
    (redis-py's default pool raises "Too many connections" past 100)."""
    from live import presence_store

    config = settings.LIVE_PRESENCE_STORE
    if config.get("BACKEND") != "redis":
        pytest.skip("the memory store has no connections")
    monkeypatch.setattr(presence_store, "ASYNC_MAX_CONNECTIONS", 2)
    store = RedisPresenceStore(url=config["URL"], prefix=f"{config['PREFIX']}-pool")
    store.clear()
    taken = await asyncio.gather(
        *(store.aslot_take(user_id=n, limit=1, lease=60) for n in range(250))
    )
    assert taken == [True] * 250
    store.clear()


def test_a_store_that_stops_answering_is_logged_once_then_counted(caplog):
    from live import consumer

    consumer._store_warnings.update(at=float("-inf"), quiet=0)
    with caplog.at_level(logging.WARNING, logger="live.consumer"):
        for _ in range(500):
            try:
                raise ConnectionError("down")
            except ConnectionError:
                consumer._warn_store_unavailable("user.1")
    assert len(caplog.records) == 1 and caplog.records[0].exc_info
    assert consumer._store_warnings["quiet"] == 499
