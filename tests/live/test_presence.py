"""Presence: sockets in the store (Redis, or memory without it), counted per user, expiring
after the grace period; a room told only of changes, as deltas; heartbeats never touch
PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from live import presence, rules
from live.models import PresenceRoom, RoomEvent
from live.presence_store import get_store, reset_store
from live.signals import presence_changed
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_events")]

ROOM = "test.presence"
GRACE = rules.GRACE_SECONDS


@pytest.fixture(params=["redis", "memory"], autouse=True)
def store(request, settings):
    """Every behaviour holds for Redis (production) and memory (the embedded default)."""
    if request.param == "memory":
        settings.LIVE_PRESENCE_STORE = {"BACKEND": "memory"}
    elif settings.LIVE_PRESENCE_STORE.get("BACKEND") != "redis":
        pytest.skip("no REDIS_URL: the Redis store is tested with `make test`")
    reset_store()
    get_store().clear()
    yield get_store()
    get_store().clear()
    reset_store()


@pytest.fixture
def t0():
    return timezone.now()


def at(t0, seconds):
    return t0 + timedelta(seconds=seconds)


def presence_events():
    return [e.payload for e in RoomEvent.objects.filter(room=ROOM, type="presence")]


def fold(events) -> set[int]:
    """What a client holds after applying the deltas in order."""
    here: set[int] = set()
    for event in events:
        here |= {user["id"] for user in event["joined"]}
        here -= set(event["left"])
    return here


def join(user, tab, now, **kwargs):
    return presence.presence_join(room=ROOM, user=user, channel_name=tab, now=now, **kwargs)


def beat(user, tab, now, **kwargs):
    return presence.presence_beat(room=ROOM, user=user, channel_name=tab, now=now, **kwargs)


def leave(user, tab, now, **kwargs):
    return presence.presence_leave(room=ROOM, user=user, channel_name=tab, now=now, **kwargs)


def test_changes_are_deltas_once_per_user_whatever_the_tabs(world, t0):
    alice, bilal = world.alice, world.bilal
    join(alice, "a1", t0)
    join(alice, "a2", at(t0, 1))
    join(bilal, "b1", at(t0, 2))
    events = presence_events()
    assert events == [
        {"joined": [{"id": alice.pk, "name": "alice"}], "left": []},
        {"joined": [{"id": bilal.pk, "name": "bilal"}], "left": []},
    ]
    # One of Alice's tabs closes: she is still here, nothing is announced.
    leave(alice, "a1", at(t0, 3))
    beat(bilal, "b1", at(t0, 3 + GRACE / 2))
    assert len(presence_events()) == 2
    assert presence.room_user_ids(room=ROOM, now=at(t0, 4)) == {alice.pk, bilal.pk}
    # Her last tab closes: after the short linger she has left.
    leave(alice, "a2", at(t0, 5))
    assert len(presence_events()) == 2
    linger = rules.leave_linger_seconds(GRACE)
    beat(bilal, "b1", at(t0, 5 + linger + 0.1))
    assert presence_events()[-1] == {"joined": [], "left": [alice.pk]}
    assert fold(presence_events()) == {bilal.pk}
    assert PresenceRoom.objects.get(room=ROOM).user_ids == [bilal.pk]


def test_a_reconnect_within_the_linger_does_not_flicker(world, t0):
    join(world.alice, "a1", t0)
    leave(world.alice, "a1", at(t0, 1))
    join(world.alice, "a2", at(t0, 2))
    beat(world.alice, "a2", at(t0, 20))
    assert [fold([e]) for e in presence_events()] == [{world.alice.pk}]


def test_a_dropped_socket_is_gone_after_the_grace_period_even_unswept(world, t0):
    join(world.alice, "a1", t0)
    join(world.bilal, "b1", t0)
    # Alice's socket drops without a goodbye: no code runs for it.
    just_before, just_after = at(t0, GRACE - 0.5), at(t0, GRACE + 0.5)
    both = [world.alice.pk, world.bilal.pk]
    assert presence.online_user_ids(user_ids=[world.alice.pk], now=just_before) == {world.alice.pk}
    assert presence.online_user_ids(user_ids=both, now=just_after) == set()
    assert presence.room_user_ids(room=ROOM, now=just_after) == set()
    # Reads never count them; the sweep tells the room.
    assert presence.presence_sweep(now=just_after) == 1
    assert sorted(presence_events()[-1]["left"]) == sorted(both)
    assert fold(presence_events()) == set()
    assert presence.presence_sweep(now=at(t0, GRACE + 1)) == 0  # nothing left to tell


def test_heartbeats_keep_a_socket_alive_past_the_grace_period(world, t0):
    join(world.alice, "a1", t0)
    now = t0
    for _ in range(6):
        now = now + timedelta(seconds=rules.heartbeat_seconds(GRACE))
        beat(world.alice, "a1", now)
    assert now - t0 > timedelta(seconds=GRACE)
    assert presence.room_user_ids(room=ROOM, now=now) == {world.alice.pk}
    assert len(presence_events()) == 1


def test_the_signal_tells_who_left_and_when_they_were_last_heard(world, t0):
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    presence_changed.connect(receiver)
    try:
        join(world.alice, "a1", t0)
        beat(world.alice, "a1", at(t0, 4))
        presence.presence_sweep(now=at(t0, 4 + GRACE + 1))
    finally:
        presence_changed.disconnect(receiver)
    assert [(c["joined"], c["left"]) for c in calls] == [
        ({world.alice.pk}, set()),
        (set(), {world.alice.pk}),
    ]
    assert calls[0]["last_seen"] is None
    assert abs((calls[1]["last_seen"] - at(t0, 4)).total_seconds()) < 0.01


def test_a_quiet_room_announces_nothing_and_writes_nothing(world, t0, django_assert_num_queries):
    with django_assert_num_queries(0):
        join(world.alice, "a1", t0, announce=False)
        beat(world.alice, "a1", at(t0, 1), announce=False)
        leave(world.alice, "a1", at(t0, 1), announce=False)
    assert presence_events() == []
    assert not PresenceRoom.objects.exists()
    assert presence.online_user_ids(user_ids=[world.alice.pk], now=at(t0, 2)) == {world.alice.pk}
    assert presence.online_user_ids(user_ids=[world.alice.pk], now=at(t0, 1 + GRACE)) == set()


def test_online_is_any_room_any_tab(world, t0):
    presence.presence_join(room="user.1", user=world.alice, channel_name="n1", announce=False)
    presence.presence_join(room="user.2", user=world.bilal, channel_name="n2", announce=False)
    join(world.chloe, "c1", timezone.now())
    ids = [world.alice.pk, world.bilal.pk, world.chloe.pk, world.teacher_a.pk]
    assert presence.online_user_ids(user_ids=ids) == {
        world.alice.pk,
        world.bilal.pk,
        world.chloe.pk,
    }


def test_a_heartbeat_writes_nothing_to_postgresql(world, t0, django_assert_num_queries):
    for i, user in enumerate((world.alice, world.bilal)):
        join(user, f"s{i}", t0)
    # A calm announcing room: the store answers "nothing changed" and that is all.
    with django_assert_num_queries(0):
        beat(world.alice, "s0", at(t0, 1))
    # A quiet room (every page's notifications) likewise.
    with django_assert_num_queries(0):
        beat(world.alice, "n0", at(t0, 2), announce=False)


def test_the_sweep_command_announces_who_dropped(world, t0):
    from django.core.management import call_command

    join(world.alice, "a1", t0 - timedelta(seconds=GRACE + 5))
    call_command("presence_sweep")
    assert presence_events()[-1]["left"] == [world.alice.pk]


def test_a_socket_swept_while_connected_is_joined_again_by_its_next_beat(world, t0):
    join(world.alice, "a1", t0)
    presence.presence_sweep(now=at(t0, GRACE + 1))  # the process stalled past the grace
    assert presence.room_user_ids(room=ROOM, now=at(t0, GRACE + 1)) == set()
    assert beat(world.alice, "a1", at(t0, GRACE + 2)) == {world.alice.pk}
    assert presence.room_user_ids(room=ROOM, now=at(t0, GRACE + 3)) == {world.alice.pk}
    assert fold(presence_events()) == {world.alice.pk}


def test_a_lost_announcement_is_made_by_the_next_touch(world, t0, store, monkeypatch):
    """The store's "announced" copy is set only after commit: a rolled-back announcement
    leaves the change pending, and the next heartbeat announces it."""
    monkeypatch.setattr(presence, "publish", _boom)
    with pytest.raises(RuntimeError):
        join(world.alice, "a1", t0)
    assert presence_events() == [] and not PresenceRoom.objects.exists()
    monkeypatch.undo()
    beat(world.alice, "a1", at(t0, 1))
    assert fold(presence_events()) == {world.alice.pk}


def _boom(**kwargs):
    raise RuntimeError("the database went away mid-announcement")


@pytest.mark.django_db(transaction=True)
def test_concurrent_joins_and_leaves_are_announced_once_each_in_order(t0):
    """Eight people come and go at once from eight threads (real commits): the room's deltas,
    applied in sequence order, always end where the room really is."""
    people = [make_user(f"p{i}") for i in range(8)]
    errors = []

    def churn(person, index):
        try:
            for round_ in range(3):
                now = timezone.now()
                join(person, f"{person.pk}-{round_}", now)
                if index % 2:
                    leave(person, f"{person.pk}-{round_}", now)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=churn, args=(p, i)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    later = timezone.now() + timedelta(seconds=rules.leave_linger_seconds(GRACE) + 0.5)
    presence.presence_sweep(now=later)
    events = list(RoomEvent.objects.filter(room=ROOM, type="presence").order_by("seq"))
    stayed = {p.pk for i, p in enumerate(people) if i % 2 == 0}
    assert fold(e.payload for e in events) == stayed
    assert PresenceRoom.objects.get(room=ROOM).user_ids == sorted(stayed)
