"""The shared room protocol, through the real consumer and the Redis channel layer."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction

from accounts.models import User
from live.publish import ROOM_EVENT_HANDLER
from live.publish import publish as publish_event
from live.rooms import user_room
from project.asgi import application
from tests.factories import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("test_events"),
]

ORIGIN = (b"origin", b"http://127.0.0.1")


async def connect(user, since=None):
    from django.contrib.sessions.backends.db import SessionStore

    session = await database_sync_to_async(_session_for)(user, SessionStore)
    path = "/ws/notifications/" + (f"?since={since}" if since is not None else "")
    communicator = WebsocketCommunicator(
        application,
        path,
        headers=[
            ORIGIN,
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()),
            (b"host", b"127.0.0.1"),
        ],
    )
    connected, code = await communicator.connect()
    return communicator, connected, code


def _session_for(user, store_class):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = store_class()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def publish(user, n):
    with transaction.atomic():
        for i in range(n):
            publish_event(room=user_room(user.pk), type="test.event", payload={"i": i})


@pytest.fixture
async def alice():
    world = await database_sync_to_async(build_world)()
    return world.alice


async def test_fresh_client_gets_a_state_snapshot(alice):
    await database_sync_to_async(publish)(alice, 2)
    communicator, connected, _ = await connect(alice)
    assert connected
    message = await communicator.receive_json_from(timeout=3)
    assert message == {"type": "state", "seq": 2, "state": {}}
    await communicator.disconnect()


async def test_resume_replays_exactly_the_missed_events(alice):
    await database_sync_to_async(publish)(alice, 5)
    communicator, connected, _ = await connect(alice, since=2)
    assert connected
    received = [await communicator.receive_json_from(timeout=3) for _ in range(3)]
    assert [m["seq"] for m in received] == [3, 4, 5]
    assert [m["i"] for m in received] == [2, 3, 4]
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_live_events_follow_and_a_dropped_one_is_recovered(alice):
    communicator, _, _ = await connect(alice, since=0)
    await database_sync_to_async(publish)(alice, 1)
    assert (await communicator.receive_json_from(timeout=3))["seq"] == 1
    # Seq 2 is persisted but its broadcast is lost (the layer is at-most-once) ...
    await database_sync_to_async(_persist_without_broadcast)(alice)
    # ... so when seq 3 arrives the consumer fetches 2 from the database first.
    await database_sync_to_async(publish)(alice, 1)
    received = [await communicator.receive_json_from(timeout=3) for _ in range(2)]
    assert [m["seq"] for m in received] == [2, 3]
    await communicator.disconnect()


def _persist_without_broadcast(user):
    from live.models import RoomCursor, RoomEvent

    room = user_room(user.pk)
    with transaction.atomic():
        cursor = RoomCursor.objects.select_for_update().get(room=room)
        cursor.last_seq += 1
        cursor.save()
        RoomEvent.objects.create(room=room, seq=cursor.last_seq, type="test.event", payload={})


async def test_duplicate_delivery_is_sent_once(alice):
    communicator, _, _ = await connect(alice, since=0)
    await database_sync_to_async(publish)(alice, 1)
    first = await communicator.receive_json_from(timeout=3)
    await get_channel_layer().group_send(
        user_room(alice.pk), {"type": ROOM_EVENT_HANDLER, "event": first}
    )
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()


async def test_client_messages_are_validated(alice):
    communicator, _, _ = await connect(alice, since=0)
    await communicator.send_to(text_data="{not json")
    assert (await communicator.receive_json_from(timeout=3))["code"] == "invalid_message"
    await communicator.send_json_to({"type": "resume", "since": -1})
    assert (await communicator.receive_json_from(timeout=3))["code"] == "invalid_message"
    await communicator.send_json_to({"type": "ping", "extra": 1})
    assert (await communicator.receive_json_from(timeout=3))["code"] == "invalid_message"
    await communicator.send_to(text_data='{"type": "ping", "pad": "' + "x" * 5000 + '"}')
    assert (await communicator.receive_json_from(timeout=3))["code"] == "too_large"
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from(timeout=3))["type"] == "pong"
    await communicator.disconnect()


async def test_anonymous_and_foreign_origin_are_refused(alice):
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[ORIGIN, (b"host", b"127.0.0.1")]
    )
    connected, _ = await communicator.connect()
    assert connected  # accepted, then closed with the documented code (docs/protocol.md)
    assert await communicator.receive_output(timeout=3) == {"type": "websocket.close", "code": 4401}
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"origin", b"http://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_users_only_receive_their_own_events(alice):
    bilal = await User.objects.aget(username="bilal")
    communicator, _, _ = await connect(alice, since=0)
    await database_sync_to_async(publish)(bilal, 2)
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()


async def test_a_flood_is_rate_limited_with_a_clear_error(alice, settings):
    settings.LIVE_RATE_BURST = 3
    settings.LIVE_RATE_PER_SECOND = 0.01
    communicator, _, _ = await connect(alice, since=0)
    for _ in range(5):
        await communicator.send_json_to({"type": "ping"})
    replies = [await communicator.receive_json_from(timeout=3) for _ in range(5)]
    assert [r["type"] for r in replies] == ["pong"] * 3 + ["error"] * 2
    assert {r["code"] for r in replies[3:]} == {"rate_limited"}
    await communicator.disconnect()


@pytest.mark.parametrize("since", [True, False, 1.0, "3", None, [1]])
async def test_a_resume_with_a_since_that_is_not_an_integer_is_invalid(alice, since):
    communicator, _, _ = await connect(alice, since=0)
    await communicator.send_json_to({"type": "resume", "since": since})
    reply = await communicator.receive_json_from(timeout=3)
    assert (reply["type"], reply["code"]) == ("error", "invalid_message")
    await communicator.disconnect()
