"""The room log: numbered in commit order, nothing sent for a rollback, sent once after commit."""

import threading

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import connection, transaction

from live.models import RoomCursor, RoomEvent
from live.publish import collect_broadcasts, publish, send_collected

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("test_events")]


def test_concurrent_publishers_get_contiguous_numbers_in_commit_order():
    room, writers, each = "test.concurrent", 6, 15
    start = threading.Barrier(writers)

    def write(w: int) -> None:
        start.wait()
        try:
            for i in range(each):
                with transaction.atomic():
                    publish(room=room, type="t", payload={"w": w, "i": i})
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = list(RoomEvent.objects.filter(room=room).order_by("seq"))
    assert [r.seq for r in rows] == list(range(1, writers * each + 1))
    assert RoomCursor.objects.get(room=room).last_seq == writers * each
    # Each writer's own events keep their order.
    for w in range(writers):
        assert [r.payload["i"] for r in rows if r.payload["w"] == w] == list(range(each))


def test_a_rolled_back_event_is_neither_kept_nor_numbered():
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(room="test.rollback", type="t", payload={})
        raise RuntimeError
    with transaction.atomic():
        event = publish(room="test.rollback", type="t", payload={"n": 1})
    assert (event.seq, event.as_message()) == (1, {"type": "t", "seq": 1, "n": 1})
    assert RoomEvent.objects.get(room="test.rollback").pk == event.pk


def test_a_payload_may_not_forge_the_type_or_the_number():
    with pytest.raises(ValueError), transaction.atomic():
        publish(room="test.forge", type="t", payload={"seq": 99})
    assert not RoomEvent.objects.filter(room="test.forge").exists()


def _publish_two(pending: list) -> None:
    with transaction.atomic():
        publish(room="test.outbox", type="a", payload={})
        publish(room="test.outbox", type="b", payload={})
        assert pending == []  # nothing before the commit


def test_collected_events_leave_after_commit_from_the_callers_loop():
    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("test.outbox", channel)
        with collect_broadcasts() as pending:
            await database_sync_to_async(_publish_two)(pending)
        assert [(room, m["type"], m["seq"]) for room, m in pending] == [
            ("test.outbox", "a", 1),
            ("test.outbox", "b", 2),
        ]
        await send_collected(pending)
        received = [(await layer.receive(channel))["event"]["type"] for _ in range(2)]
        await layer.group_discard("test.outbox", channel)
        return received

    assert async_to_sync(scenario)() == ["a", "b"]


def _publish_each(room: str, types: list[str]) -> None:
    """Plain synchronous code on a thread of its own, as in the task worker: no server loop."""
    try:
        for type in types:
            with transaction.atomic():
                publish(room=room, type=type, payload={})
    finally:
        connection.close()


def test_events_published_outside_a_server_share_one_loop_and_its_connections(monkeypatch):
    """The task worker's events leave from one long-lived loop: in order, received by a
    socket's loop, without a new Redis connection for each (a new loop per send opened one:
    3-4 ms for every event a follow-up task published)."""
    import asyncio

    from channels.layers import InMemoryChannelLayer

    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        pytest.skip("needs the Redis channel layer (REDIS_URL)")
    room, types = "test.worker", ["t", "a", "b"] * 7
    # Connections this process opens (redis-py's asyncio client opens each with this call;
    # the server's own count would include the other test workers').
    opened: list[int] = []
    real_open = asyncio.open_connection

    async def counted_open(*args, **kwargs):
        opened.append(1)
        return await real_open(*args, **kwargs)

    async def scenario():
        channel = await layer.new_channel()
        await layer.group_add(room, channel)
        await asyncio.to_thread(_publish_each, room, ["t"])  # the sender's first connections
        monkeypatch.setattr(asyncio, "open_connection", counted_open)
        await asyncio.to_thread(_publish_each, room, types)
        monkeypatch.undo()
        received = [
            (await asyncio.wait_for(layer.receive(channel), 5))["event"]
            for _ in range(1 + len(types))
        ]
        await layer.group_discard(room, channel)
        return received

    received = async_to_sync(scenario)()
    assert [e["type"] for e in received] == ["t", *types]
    assert [e["seq"] for e in received] == list(range(1, len(types) + 2))
    assert len(opened) <= 1  # a loop per send opened one per send (21 here)
