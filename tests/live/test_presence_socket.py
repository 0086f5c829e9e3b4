"""The notification socket keeps its user "online" for `online_user_ids` (peer help reads it)."""

import pytest
from channels.db import database_sync_to_async

from live.models import Presence, RoomEvent
from live.selectors import online_user_ids

from .test_room_consumer import alice, connect  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@database_sync_to_async
def online(user) -> bool:
    return online_user_ids(user_ids=[user.pk]) == {user.pk}


@database_sync_to_async
def rows(user) -> list[Presence]:
    return list(Presence.objects.filter(user=user))


async def test_two_tabs_one_user_online_until_both_close(alice):  # noqa: F811
    tab1, ok1, _ = await connect(alice)
    tab2, ok2, _ = await connect(alice)
    assert ok1 and ok2
    for tab in (tab1, tab2):
        await tab.receive_json_from(timeout=3)  # the snapshot
    assert len(await rows(alice)) == 2 and await online(alice)
    await tab1.send_json_to({"type": "ping"})
    pong = await tab1.receive_json_from(timeout=3)
    assert pong["type"] == "pong" and "heartbeat_seconds" not in pong
    await tab1.disconnect()
    assert await online(alice)
    await tab2.disconnect()
    # A clean close lingers a few seconds (a reload must not flicker), but never longer.
    remaining = await rows(alice)
    assert all(r.expires_at <= r.last_seen + _linger() for r in remaining)
    # The user's own room is quiet: presence is never announced there.
    assert not await database_sync_to_async(RoomEvent.objects.filter(type="presence").exists)()


def _linger():
    from datetime import timedelta

    from live import presence, rules

    return timedelta(seconds=rules.leave_linger_seconds(presence.grace_seconds()))
