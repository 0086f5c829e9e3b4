"""Presence: a row per socket, counted per user, expiring after the grace period."""

from datetime import timedelta

import pytest
from django.utils import timezone

from live import presence, rules
from live.models import Presence, RoomEvent
from live.selectors import online_user_ids
from live.signals import presence_changed

pytestmark = pytest.mark.django_db

ROOM = "test.presence"
GRACE = rules.GRACE_SECONDS


@pytest.fixture
def t0():
    return timezone.now()


def presence_events():
    return [e.payload for e in RoomEvent.objects.filter(room=ROOM, type="presence")]


def names(event):
    return [u["name"] for u in event["users"]]


def at(t0, seconds):
    return t0 + timedelta(seconds=seconds)


def test_join_and_leave_are_announced_once_per_user_whatever_the_tabs(world, t0):
    alice, bilal = world.alice, world.bilal
    presence.presence_join(room=ROOM, user=alice, channel_name="a1", now=t0)
    presence.presence_join(room=ROOM, user=alice, channel_name="a2", now=at(t0, 1))
    presence.presence_join(room=ROOM, user=bilal, channel_name="b1", now=at(t0, 2))
    assert [names(e) for e in presence_events()] == [["alice"], ["alice", "bilal"]]
    # One of Alice's tabs closes: she is still here, nothing is announced.
    presence.presence_leave(room=ROOM, channel_name="a1", now=at(t0, 3))
    presence.presence_beat(room=ROOM, channel_name="b1", now=at(t0, 3 + GRACE / 2))
    assert len(presence_events()) == 2
    assert presence.room_user_ids(room=ROOM, now=at(t0, 4)) == {alice.pk, bilal.pk}
    # Her last tab closes: after the short linger she has left.
    presence.presence_leave(room=ROOM, channel_name="a2", now=at(t0, 5))
    assert len(presence_events()) == 2
    linger = rules.leave_linger_seconds(GRACE)
    presence.presence_beat(room=ROOM, channel_name="b1", now=at(t0, 5 + linger + 0.1))
    last = presence_events()[-1]
    assert names(last) == ["bilal"] and last["left"] == [alice.pk] and last["joined"] == []


def test_a_reconnect_within_the_linger_does_not_flicker(world, t0):
    presence.presence_join(room=ROOM, user=world.alice, channel_name="a1", now=t0)
    presence.presence_leave(room=ROOM, channel_name="a1", now=at(t0, 1))
    presence.presence_join(room=ROOM, user=world.alice, channel_name="a2", now=at(t0, 2))
    presence.presence_beat(room=ROOM, channel_name="a2", now=at(t0, 20))
    assert [names(e) for e in presence_events()] == [["alice"]]
    assert Presence.objects.filter(room=ROOM).count() == 1


def test_a_dropped_socket_is_gone_after_the_grace_period_even_unswept(world, t0):
    presence.presence_join(room=ROOM, user=world.alice, channel_name="a1", now=t0)
    presence.presence_join(room=ROOM, user=world.bilal, channel_name="b1", now=t0)
    # Alice's socket drops without a goodbye: no code runs for it.
    just_before, just_after = at(t0, GRACE - 0.5), at(t0, GRACE + 0.5)
    assert online_user_ids(user_ids=[world.alice.pk], now=just_before) == {world.alice.pk}
    assert online_user_ids(user_ids=[world.alice.pk, world.bilal.pk], now=just_after) == set()
    assert presence.room_user_ids(room=ROOM, now=just_after) == set()
    # The rows are still there until a write sweeps them; reads never count them.
    assert Presence.objects.filter(room=ROOM).count() == 2
    presence.presence_sweep(now=just_after)
    assert Presence.objects.filter(room=ROOM).count() == 0
    assert presence_events()[-1]["users"] == []
    assert sorted(presence_events()[-1]["left"]) == sorted([world.alice.pk, world.bilal.pk])


def test_heartbeats_keep_a_socket_alive_past_the_grace_period(world, t0):
    presence.presence_join(room=ROOM, user=world.alice, channel_name="a1", now=t0)
    beat = rules.heartbeat_seconds(GRACE)
    now = t0
    for _ in range(6):
        now = now + timedelta(seconds=beat)
        presence.presence_beat(room=ROOM, channel_name="a1", now=now)
    assert now - t0 > timedelta(seconds=GRACE)
    assert presence.room_user_ids(room=ROOM, now=now) == {world.alice.pk}
    assert len(presence_events()) == 1


def test_the_signal_tells_who_left_and_when_they_were_last_heard(world, t0):
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    presence_changed.connect(receiver)
    try:
        presence.presence_join(room=ROOM, user=world.alice, channel_name="a1", now=t0)
        presence.presence_beat(room=ROOM, channel_name="a1", now=at(t0, 4))
        presence.presence_sweep(now=at(t0, 4 + GRACE + 1))
    finally:
        presence_changed.disconnect(receiver)
    assert [(c["joined"], c["left"]) for c in calls] == [
        ({world.alice.pk}, set()),
        (set(), {world.alice.pk}),
    ]
    assert calls[0]["last_seen"] is None
    assert calls[1]["last_seen"] == at(t0, 4)


def test_a_quiet_room_announces_nothing(world, t0):
    presence.presence_join(room=ROOM, user=world.alice, channel_name="a1", announce=False, now=t0)
    presence.presence_leave(room=ROOM, channel_name="a1", announce=False, now=at(t0, 1))
    assert presence_events() == []
    assert online_user_ids(user_ids=[world.alice.pk], now=at(t0, 2)) == {world.alice.pk}
    assert online_user_ids(user_ids=[world.alice.pk], now=at(t0, 1 + GRACE)) == set()


def test_online_user_ids_is_one_query(world, t0, django_assert_num_queries):
    presence.presence_join(room=ROOM, user=world.alice, channel_name="a1", now=t0)
    with django_assert_num_queries(1):
        assert online_user_ids(user_ids=[world.alice.pk, world.bilal.pk]) == {world.alice.pk}


def test_the_sweep_command_announces_who_dropped(world, t0):
    from django.core.management import call_command

    presence.presence_join(
        room=ROOM, user=world.alice, channel_name="a1", now=t0 - timedelta(seconds=GRACE + 5)
    )
    call_command("presence_sweep")
    assert Presence.objects.filter(room=ROOM).count() == 0
    assert presence_events()[-1]["left"] == [world.alice.pk]


def test_a_heartbeat_costs_a_fixed_handful_of_queries(world, t0, django_assert_num_queries):
    for i, user in enumerate((world.alice, world.bilal)):
        presence.presence_join(room=ROOM, user=user, channel_name=f"s{i}", now=t0)
    # Refresh this socket, lock the room's row, look for expired sockets, read who is here
    # (inside the test's transaction a savepoint pair adds two).
    with django_assert_num_queries(4 + 2):
        presence.presence_beat(room=ROOM, channel_name="s0", now=at(t0, 1))
    # A quiet room (every page's notifications) only pushes its expiry forward.
    with django_assert_num_queries(1):
        presence.presence_beat(room=ROOM, channel_name="s0", announce=False, now=at(t0, 2))


def test_a_socket_swept_while_connected_is_joined_again_by_its_next_beat(world, t0):
    presence.presence_join(room=ROOM, user=world.alice, channel_name="a1", now=t0)
    presence.presence_sweep(now=at(t0, GRACE + 1))  # the process stalled past the grace
    assert not Presence.objects.filter(channel_name="a1").exists()
    here = presence.presence_beat(
        room=ROOM, channel_name="a1", user=world.alice, now=at(t0, GRACE + 2)
    )
    assert here == {world.alice.pk}
    assert presence.room_user_ids(room=ROOM, now=at(t0, GRACE + 3)) == {world.alice.pk}
