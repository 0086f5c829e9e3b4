"""Sockets catch up from the room log when broadcasts were lost (live/resync.py)."""

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction

from live import resync
from live.publish import collect_broadcasts
from live.publish import publish as publish_event
from live.rooms import user_room

from .test_room_consumer import alice, connect  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("test_events"),
]


@pytest.fixture(autouse=True)
def _not_suspect():
    """A failed broadcast leaves the process suspect for RECOVERY_SECONDS, sweeping every
    half second: a test that starts within that time would be caught up by the sweep of the
    test before it (the pong test then read a replayed event where it waited for its pong)."""
    resync._state["suspect_until"] = 0.0
    resync._failed.clear()
    yield
    resync._state["suspect_until"] = 0.0
    resync._failed.clear()


def publish_lost(user, n) -> int:
    """Commit `n` events whose broadcast never leaves (as when the layer was down)."""
    with collect_broadcasts() as pending, transaction.atomic():
        for i in range(n):
            event = publish_event(room=user_room(user.pk), type="test.event", payload={"i": i})
    assert len(pending) == n  # collected, then dropped: nobody sends them
    return event.seq


async def test_a_failed_broadcast_is_replayed_from_the_log_without_any_new_event(alice):  # noqa: F811
    tab, connected, _ = await connect(alice, since=0)
    assert connected
    last = await database_sync_to_async(publish_lost)(alice, 3)
    # What live/publish.py does when the layer refuses the broadcast.
    resync.broadcast_failed(user_room(alice.pk), last)
    received = [await tab.receive_json_from(timeout=2) for _ in range(3)]
    assert [(m["seq"], m["i"]) for m in received] == [(1, 0), (2, 1), (3, 2)]
    assert await tab.receive_nothing(timeout=0.8)  # each once, though the sweep goes on
    await tab.disconnect()


async def test_another_process_announcing_a_room_makes_its_sockets_catch_up(alice):  # noqa: F811
    tab, connected, _ = await connect(alice, since=0)
    assert connected
    last = await database_sync_to_async(publish_lost)(alice, 2)
    # A process whose broadcast failed announces the room once the layer answers again.
    await get_channel_layer().group_send(
        user_room(alice.pk), {"type": resync.RESYNC_HANDLER, "seq": last}
    )
    received = [await tab.receive_json_from(timeout=2) for _ in range(2)]
    assert [m["seq"] for m in received] == [1, 2]
    await tab.send_json_to({"type": "ping"})
    assert await tab.receive_json_from(timeout=2) == {"type": "pong", "seq": 2, "room_seq": 2}
    await tab.disconnect()


async def test_pong_tells_a_socket_behind_its_room(alice):  # noqa: F811
    first, connected, _ = await connect(alice)
    assert connected
    assert (await first.receive_json_from(timeout=2))["seq"] == 0
    await database_sync_to_async(publish_lost)(alice, 2)  # lost, and nobody noticed
    second, connected, _ = await connect(alice)
    assert (await second.receive_json_from(timeout=2))["seq"] == 2  # its snapshot read the log
    await first.send_json_to({"type": "ping"})
    # The first tab learns the room is at 2 while it saw 0: its client resumes.
    assert await first.receive_json_from(timeout=2) == {"type": "pong", "seq": 0, "room_seq": 2}
    await first.send_json_to({"type": "resume", "since": 0})
    assert [(await first.receive_json_from(timeout=2))["seq"] for _ in range(2)] == [1, 2]
    for tab in (first, second):
        await tab.disconnect()
    await asyncio.sleep(0)
    assert resync.room_seq(user_room(alice.pk)) == 0  # forgotten with its last socket


async def test_a_loop_that_is_late_is_not_a_lost_channel_layer():
    """The probe's answer can only be read when this process's loop gets to it: a loop
    seconds behind (10,000 open pages, a burst of connects) made the probe time out, the
    process turned suspect, and its sweep of every room from the log loaded the late loop
    further. A layer that is down still makes it suspect (tests/e2e/test_redis_outage.py)."""
    from channels.layers import InMemoryChannelLayer

    if isinstance(get_channel_layer(), InMemoryChannelLayer):
        pytest.skip("needs the Redis channel layer (REDIS_URL)")
    assert await resync._probe()  # connections made: the next probe is one round trip
    probe = asyncio.create_task(resync._probe())
    await asyncio.sleep(0)  # the probe's send is under way
    time.sleep(resync.PROBE_TIMEOUT * 1.5)  # the loop held, as by a long collection or a burst
    assert await probe
