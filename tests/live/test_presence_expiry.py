"""Presence leaves nothing behind: once the sockets closed (cleanly or not) and their time
ran out, Redis holds no key about them and the database's "who is here" row is emptied,
then removed by the retention clean-up. Real Redis, real clock (a 2 s grace)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from live import presence
from live.models import PresenceRoom
from live.presence_store import KEY_TTL_GRACES, get_store, reset_store
from live.tasks import sweep_presence
from privacy.retention import retention_cleanup
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Keys live 4 graces (8 s): longer than the set-up takes on a loaded machine.
GRACE = 2.0
ROOMS = ("study_group.9001", "study_group.9002")  # announcing rooms
QUIET = "user.9001"  # a room that only counts "online"


@pytest.fixture
def redis_store(settings):
    if settings.LIVE_PRESENCE_STORE.get("BACKEND") != "redis":
        pytest.skip("no REDIS_URL: the Redis store is tested with `make test`")
    settings.LIVE_PRESENCE_GRACE_SECONDS = GRACE
    reset_store()
    store = get_store()
    store.clear()
    yield store
    store.clear()
    reset_store()


def keys(store) -> dict[str, int]:
    """Every presence key of this run, with its time to live (-1: none)."""
    client = store._client
    return {k.decode(): client.ttl(k) for k in client.scan_iter(match=f"{store.base}:*")}


def test_closed_and_dropped_sockets_leave_no_key_and_no_row(redis_store):
    users = [make_user(f"p{i}") for i in range(30)]
    t0 = timezone.now()  # one instant for the setup, so nothing expires while it runs
    for n, user in enumerate(users):
        for room in ROOMS:
            presence.presence_join(room=room, user=user, channel_name=f"{room}-{n}", now=t0)
        presence.presence_join(room=QUIET, user=user, channel_name=f"q-{n}", announce=False, now=t0)
    assert PresenceRoom.objects.get(room=ROOMS[0]).user_ids == sorted(u.pk for u in users)
    # Every key the sockets made expires by itself, within a few grace periods.
    assert all(
        ttl == -2 or 0 < ttl <= max(1, int(GRACE * KEY_TTL_GRACES))  # -2: already gone
        for k, ttl in keys(redis_store).items()
        if ":announced:" not in k and not k.endswith(":rooms")
    )
    # Half close cleanly, half drop without a goodbye (a killed process).
    for n, user in enumerate(users[:15]):
        for room in ROOMS:
            presence.presence_leave(room=room, user=user, channel_name=f"{room}-{n}", now=t0)
    time.sleep(max(1, int(GRACE * KEY_TTL_GRACES)) + 1)

    # The worker's sweep (twice: the second finds nothing left to tell, and forgets the
    # rooms) announces who left; no socket, user or room key is left in Redis.
    assert sweep_presence.call() == len(ROOMS)
    assert sweep_presence.call() == 0
    left = keys(redis_store)
    assert not [k for k in left if ":room:" in k or ":seen:" in k or ":user:" in k], left
    assert not [k for k in left if k.endswith(":rooms")], left
    # What remains is the tiny "last told: nobody" cache of each room, which expires too.
    assert all(":announced:" in k and 0 < ttl <= 24 * 3600 for k, ttl in left.items()), left
    assert presence.online_user_ids(user_ids=[u.pk for u in users]) == set()

    # The database: each room's row says nobody is here, and the clean-up removes it a day on.
    rows = PresenceRoom.objects.filter(room__in=ROOMS)
    assert [r.user_ids for r in rows] == [[], []]
    retention_cleanup(now=timezone.now() + timedelta(days=1, minutes=1))
    assert not PresenceRoom.objects.filter(room__in=ROOMS).exists()
