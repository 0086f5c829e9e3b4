"""A user's open sockets are counted in the presence store, in Redis or in memory alike."""

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
