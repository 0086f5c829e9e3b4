"""The room log's history floor: each room keeps its last N events and nothing older than
the privacy ceiling; a client resuming from below the floor gets a snapshot, never a gap."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from live.history import events_below_floor, room_log_prune
from live.models import RoomCursor, RoomEvent
from live.publish import publish
from live.rooms import user_room
from live.selectors import room_events_since
from tests.factories import build_world

from .test_room_consumer import connect

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_events")]

KEEP = 5


@pytest.fixture(autouse=True)
def _floor(settings):
    settings.LIVE_ROOM_LOG_KEEP_EVENTS = KEEP
    settings.LIVE_ROOM_LOG_KEEP_HOURS = 24


def fill(room: str, n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            publish(room=room, type="test.event", payload={"i": i})


def seqs(room: str) -> list[int]:
    return list(RoomEvent.objects.filter(room=room).order_by("seq").values_list("seq", flat=True))


def test_each_room_keeps_its_last_events_and_numbering_goes_on():
    fill("busy", 12)
    fill("quiet", 3)
    assert room_log_prune() == 7
    assert seqs("busy") == [8, 9, 10, 11, 12] and seqs("quiet") == [1, 2, 3]
    assert room_log_prune() == 0  # idempotent
    fill("busy", 1)
    assert seqs("busy")[-1] == 13 and RoomCursor.objects.get(room="busy").last_seq == 13


def test_nothing_older_than_the_ceiling_stays_even_within_the_last_events():
    fill("room", 3)
    now = timezone.now()
    RoomEvent.objects.filter(room="room", seq__lte=2).update(created_at=now - timedelta(hours=25))
    assert room_log_prune(now=now) == 2
    assert seqs("room") == [3]


def test_small_batches_remove_everything_due():
    fill("room", 23)
    assert room_log_prune(batch=4) == 18
    assert seqs("room") == list(range(19, 24))


def test_a_replay_never_starts_below_the_floor():
    fill("room", 12)
    room_log_prune()  # keeps 8..12
    assert room_events_since(room="room", since=3) is None  # 4..7 are gone: a snapshot
    assert room_events_since(room="room", since=6) is None
    assert [e["seq"] for e in room_events_since(room="room", since=7)] == [8, 9, 10, 11, 12]
    assert room_events_since(room="room", since=12) == []
    assert room_events_since(room="room", since=13) is None  # from the future
    RoomEvent.objects.filter(room="room").delete()  # erased (privacy): nothing to replay
    assert room_events_since(room="room", since=11) is None


def test_the_command_says_what_it_kept():
    fill("room", 7)
    out = StringIO()
    call_command("prune_room_log", stdout=out)
    assert out.getvalue().strip() == (
        "2 room log event(s) pruned (each room keeps its last 5, none older than 24 h)."
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_share_the_pruning():
    rooms = [f"room.{i}" for i in range(6)]
    for room in rooms:
        fill(room, 40)
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def worker():
        try:
            barrier.wait()
            counts.append(room_log_prune(batch=7))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sum(counts) == 6 * 35
    assert all(seqs(room) == list(range(36, 41)) for room in rooms)


@pytest.mark.django_db(transaction=True)
def test_pruning_never_holds_up_publishing():
    """A worker holding a pruning batch's locks does not make the room's writers wait."""
    fill("room", 10)  # 1..5 are below the floor
    held, release = threading.Event(), threading.Event()

    def prune_and_hold():
        try:
            with transaction.atomic():  # what one batch of delete_in_batches holds
                for events in events_below_floor(now=timezone.now()):
                    ids = list(
                        events.select_for_update(skip_locked=True).values_list("pk", flat=True)
                    )
                    RoomEvent.objects.filter(pk__in=ids).delete()
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=prune_and_hold)
    thread.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with connection.cursor() as sql:
                sql.execute("SET LOCAL lock_timeout = '2s'")
            fill("room", 1)  # would raise LockNotAvailable if it waited on the pruning
    finally:
        release.set()
        thread.join()
    assert seqs("room") == [6, 7, 8, 9, 10, 11]


# --- through a real socket ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_client_behind_the_floor_gets_a_snapshot_and_one_above_it_a_replay():
    world = await database_sync_to_async(build_world)()
    room = user_room(world.alice.pk)
    await database_sync_to_async(fill)(room, 12)
    await database_sync_to_async(room_log_prune)()  # keeps 8..12

    behind, connected, _ = await connect(world.alice, since=3)
    assert connected
    assert await behind.receive_json_from(timeout=3) == {"type": "state", "seq": 12, "state": {}}
    assert await behind.receive_nothing(timeout=0.3)
    # The same over `resume` on an open socket.
    await behind.send_json_to({"type": "resume", "since": 5})
    assert (await behind.receive_json_from(timeout=3))["type"] == "state"
    await behind.disconnect()

    above, _, _ = await connect(world.alice, since=7)
    received = [await above.receive_json_from(timeout=3) for _ in range(5)]
    assert [m["seq"] for m in received] == [8, 9, 10, 11, 12]
    assert await above.receive_nothing(timeout=0.3)
    await above.disconnect()
