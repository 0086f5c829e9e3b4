"""The notification socket keeps its user "online" for `online_user_ids` (peer help reads it),
without a single write to PostgreSQL."""

from types import SimpleNamespace

import pytest
from channels.db import database_sync_to_async
from django.db.backends.utils import CursorWrapper

import live.consumer
from live import presence, rules
from live.models import PresenceRoom, RoomEvent

from .test_room_consumer import alice, connect  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@database_sync_to_async
def online(user) -> bool:
    return presence.online_user_ids(user_ids=[user.pk]) == {user.pk}


async def test_two_tabs_one_user_online_until_both_close(alice):  # noqa: F811
    tab1, ok1, _ = await connect(alice)
    tab2, ok2, _ = await connect(alice)
    assert ok1 and ok2
    for tab in (tab1, tab2):
        await tab.receive_json_from(timeout=3)  # the snapshot
    assert await online(alice)
    await tab1.send_json_to({"type": "ping"})
    pong = await tab1.receive_json_from(timeout=3)
    assert pong["type"] == "pong" and "heartbeat_seconds" not in pong
    await tab1.disconnect()
    assert await online(alice)
    await tab2.disconnect()
    # A clean close lingers a few seconds (a reload must not flicker), but never longer.
    assert await online(alice)
    # The user's own room is quiet: presence is never announced there, nor kept in PostgreSQL.
    assert not await database_sync_to_async(RoomEvent.objects.filter(type="presence").exists)()
    assert not await database_sync_to_async(PresenceRoom.objects.exists)()


async def test_a_ping_sends_no_query_at_all(alice, monkeypatch):  # noqa: F811
    tab, ok, _ = await connect(alice)
    assert ok
    await tab.receive_json_from(timeout=3)
    sent = []  # every statement of every thread (the consumer's run on the database thread)
    execute = CursorWrapper.execute

    def counting(self, sql, params=None):
        sent.append(sql)
        return execute(self, sql, params)

    monkeypatch.setattr(CursorWrapper, "execute", counting)
    for _ in range(5):
        await tab.send_json_to({"type": "ping"})
        assert (await tab.receive_json_from(timeout=3))["type"] == "pong"
    assert sent == []
    await database_sync_to_async(lambda: RoomEvent.objects.exists())()
    assert sent, "the counter sees the database thread's queries"
    monkeypatch.undo()
    await tab.disconnect()


async def test_pings_in_a_burst_beat_once_and_a_ping_after_the_window_beats(
    alice,  # noqa: F811
    monkeypatch,
):
    """A ping within `beat_skip_seconds` of the socket's last beat (or its join) spares the
    store its round trip; the first ping after that window beats again."""
    clock = [1000.0]  # the consumer's monotonic clock (its rate limit reads it too)
    monkeypatch.setattr(live.consumer, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    touches = []
    atouch = presence.atouch

    async def counting(**kwargs):
        touches.append(kwargs["mode"])
        return await atouch(**kwargs)

    monkeypatch.setattr(presence, "atouch", counting)
    window = rules.beat_skip_seconds(presence.grace_seconds())
    tab, ok, _ = await connect(alice)
    assert ok
    await tab.receive_json_from(timeout=3)
    assert touches == ["join"]

    async def ping():
        await tab.send_json_to({"type": "ping"})
        assert (await tab.receive_json_from(timeout=3))["type"] == "pong"

    for _ in range(3):  # right after the join: nothing to refresh
        await ping()
    clock[0] += window / 2
    await ping()
    assert touches == ["join"]
    clock[0] += window / 2  # a full window after the join
    await ping()
    assert touches == ["join", "beat"]
    await ping()  # right after that beat
    clock[0] += window
    await ping()
    assert touches == ["join", "beat", "beat"]
    assert await online(alice)
    await tab.disconnect()
    assert touches[-1] == "leave"
