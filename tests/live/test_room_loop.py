"""The room consumer's own message loop (live/consumer.py, RoomConsumer.__call__): frames on
the socket's task, channel-layer events on a second one, one handler at a time; a close or a
cancel leaves no task behind, and a failing event handler ends the socket with its error."""

import asyncio

import pytest
from channels.layers import get_channel_layer

from live.consumer import RoomConsumer
from live.publish import ROOM_EVENT_HANDLER
from live.rooms import user_room

from .test_room_consumer import alice, connect  # noqa: F401 - the fixture is used by name

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("test_events"),
]


def event_tasks() -> list[asyncio.Task]:
    """The consumers' channel-layer tasks still running in this loop."""
    return [
        task
        for task in asyncio.all_tasks()
        if getattr(task.get_coro(), "__qualname__", "") == "RoomConsumer._events"
        and not task.done()
    ]


def event(user, seq: int) -> dict:
    return {
        "type": ROOM_EVENT_HANDLER,
        "event": {"type": "test.event", "seq": seq, "i": seq},
    }


async def test_a_frame_and_a_layer_event_are_never_handled_at_once(alice, monkeypatch):  # noqa: F811
    running, overlaps, handled = [0], [0], []
    dispatch = RoomConsumer.dispatch

    async def slow(self, message):
        running[0] += 1
        overlaps[0] += running[0] > 1
        handled.append(message["type"])
        try:
            await asyncio.sleep(0.01)  # a handler waiting on I/O: the other source may arrive
            await dispatch(self, message)
        finally:
            running[0] -= 1

    monkeypatch.setattr(RoomConsumer, "dispatch", slow)
    communicator, connected, _ = await connect(alice, since=0)
    assert connected
    layer = get_channel_layer()
    for seq in range(1, 11):
        await communicator.send_json_to({"type": "ping"})
        await layer.group_send(user_room(alice.pk), event(alice, seq))
    received = [await communicator.receive_json_from(timeout=3) for _ in range(20)]
    assert sorted(m["type"] for m in received) == ["pong"] * 10 + ["test.event"] * 10
    assert [m["seq"] for m in received if m["type"] == "test.event"] == list(range(1, 11))
    assert handled.count("websocket.receive") == 10 and handled.count("room.event") == 10
    assert overlaps[0] == 0
    await communicator.disconnect()


async def test_a_close_stops_the_event_task_without_an_error(alice):  # noqa: F811
    communicator, connected, _ = await connect(alice, since=0)
    assert connected
    assert len(event_tasks()) == 1
    await communicator.disconnect()
    assert communicator.future.done() and not communicator.future.cancelled()
    assert communicator.future.exception() is None  # no CancelledError, no other error
    assert event_tasks() == []


async def test_a_cancelled_socket_cancels_its_event_task(alice):  # noqa: F811
    """The server cancels an application that does not end after a close (daphne's
    application_close_timeout): the cancel reaches the event task and ends the socket."""
    communicator, connected, _ = await connect(alice, since=0)
    assert connected
    communicator.future.cancel()
    await asyncio.wait([communicator.future], timeout=3)
    assert communicator.future.cancelled()
    assert event_tasks() == []


async def test_a_failing_event_handler_ends_the_socket_with_its_error(alice, monkeypatch):  # noqa: F811
    async def broken(self, message):
        raise RuntimeError("handler bug")

    monkeypatch.setattr(RoomConsumer, "room_event", broken)
    communicator, connected, _ = await connect(alice, since=0)
    assert connected
    await get_channel_layer().group_send(user_room(alice.pk), event(alice, 1))
    await asyncio.wait([communicator.future], timeout=3)
    assert isinstance(communicator.future.exception(), RuntimeError)  # not a CancelledError
    assert event_tasks() == []
