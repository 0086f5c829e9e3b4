"""Abuse limits: login throttling (django-axes), the API's rate per client token (ninja's
throttles), and the number of sockets one user may hold open."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone

from hostapi.models import ApiClient, hash_token
from live.socketlimit import open_count
from tests.factories import PASSWORD
from tests.hostapi.test_attempts_api import body_for, report
from tests.live.test_room_consumer import connect


def _log_in(username: str, password: str, ip: str = "10.0.0.7"):
    return Client(REMOTE_ADDR=ip).post(
        "/accounts/login/", {"username": username, "password": password}
    )


@pytest.mark.django_db
def test_five_misses_pause_that_username_from_that_address_with_a_kind_message(world):
    for _ in range(4):
        missed = _log_in("alice", "not-it")
        assert missed.status_code == 200
        assert "did not match" in missed.content.decode()
    locked = _log_in("alice", "not-it")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "data-locked-out" in text
    assert "paused for 15 minutes" in text
    assert locked["Retry-After"] == str(15 * 60)
    # Even the right password waits for the cool-off...
    assert _log_in("alice", PASSWORD).status_code == 429
    # ...but only for that username from that address.
    assert _log_in("alice", PASSWORD, ip="10.0.0.8").status_code == 302
    assert _log_in("bilal", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_after_the_cool_off_the_right_password_logs_in_and_clears_the_count(world):
    for _ in range(5):
        _log_in("alice", "not-it")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _log_in("alice", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()


# --- the attempts API ----------------------------------------------------------------------

TOKEN_A, TOKEN_B = "mg_rate_token_a_0123456789", "mg_rate_token_b_0123456789"


@pytest.mark.django_db
def test_the_api_answers_429_past_the_rate_of_a_client_token(world, settings):
    settings.API_RATE_LIMIT = "3/min"
    for name, token in (("A", TOKEN_A), ("B", TOKEN_B)):
        ApiClient.objects.create(name=name, token_hash=hash_token(token))
    client = Client()
    statuses = [
        report(client, body_for(world), key=f"rate-key-{i:04}", token=TOKEN_A).status_code
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    refused = report(client, body_for(world), key="rate-key-9999", token=TOKEN_A)
    assert refused.json()["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another platform client has its own window.
    other = report(client, body_for(world), key="rate-key-b001", token=TOKEN_B)
    assert other.status_code == 201


# --- sockets per user ------------------------------------------------------------------------


@pytest.fixture
async def alice():
    from tests.factories import build_world

    return (await database_sync_to_async(build_world)()).alice


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_user_past_the_socket_limit_is_told_and_closed_with_4429(alice, settings):
    settings.LIVE_MAX_SOCKETS_PER_USER = 2
    first, connected, _ = await connect(alice, since=0)
    second, connected_too, _ = await connect(alice, since=0)
    assert connected and connected_too
    assert await database_sync_to_async(open_count)(alice.pk) == 2

    third, accepted, _ = await connect(alice, since=0)
    assert accepted
    error = await third.receive_json_from(timeout=3)
    assert (error["type"], error["code"]) == ("error", "too_many_sockets")
    assert error["message"]
    assert await third.receive_output(timeout=3) == {"type": "websocket.close", "code": 4429}
    assert await database_sync_to_async(open_count)(alice.pk) == 2

    await first.disconnect()  # a closed tab gives its slot back
    fourth, connected, _ = await connect(alice, since=0)
    assert connected
    assert await fourth.receive_nothing(timeout=0.3)  # let in: no error, no close
    for communicator in (second, fourth):
        await communicator.disconnect()
    assert await database_sync_to_async(open_count)(alice.pk) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_is_let_in_uncounted_when_the_store_does_not_answer(alice, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    from live.presence_store import get_store

    async def no_answer(**kwargs):
        raise RedisConnectionError("No connection available.")

    monkeypatch.setattr(get_store(), "aslot_take", no_answer)
    communicator, connected, _ = await connect(alice, since=0)
    assert connected
    await communicator.disconnect()  # nothing taken, nothing given back
    assert await database_sync_to_async(open_count)(alice.pk) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_close_goes_on_when_the_store_cannot_take_the_slot_back(alice, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    from live.presence_store import get_store

    async def no_answer(**kwargs):
        raise RedisConnectionError("No connection available.")

    communicator, connected, _ = await connect(alice, since=0)
    assert connected
    monkeypatch.setattr(get_store(), "aslot_give_back", no_answer)
    await communicator.disconnect()  # no error out of the consumer's disconnect
    assert await database_sync_to_async(open_count)(alice.pk) == 1  # until the lease ends
