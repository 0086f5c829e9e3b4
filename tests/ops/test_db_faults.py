"""Transient database faults answer 503 (pages) or `unavailable` (sockets), never a crash."""

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.utils import translation

from challenges import services as challenges_services
from project.dbfaults import RETRY_AFTER_SECONDS
from project.middleware import server_error
from tests.challenges.test_consumer import connect
from tests.challenges.test_consumer import setup as setup  # noqa: F401 - a fixture, used by name


def _fail(*args, **kwargs):
    raise OperationalError("terminating connection due to administrator command")


@pytest.mark.django_db
def test_a_page_whose_query_fails_transiently_answers_503_with_a_retry_note(world, monkeypatch):
    monkeypatch.setattr("mastery.views.student_home", _fail)
    client = Client()
    client.force_login(world.alice)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "data-unavailable" in response.content.decode()
    assert "Please try again in 5 seconds." in response.content.decode()


@pytest.mark.django_db
def test_the_api_answers_503_as_json(monkeypatch):
    monkeypatch.setattr("hostapi.api.PlatformToken.authenticate", _fail)
    response = Client().post(
        "/api/v1/attempts",
        data="{}",
        content_type="application/json",
        headers={"Authorization": "Bearer x", "Idempotency-Key": "k" * 10},
    )
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


def test_a_fault_outside_the_view_is_a_503_and_anything_else_a_500():
    request = RequestFactory().get("/")
    try:
        raise psycopg.OperationalError("couldn't get a connection after 10.00 sec")
    except psycopg.OperationalError:
        assert server_error(request).status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500


def test_the_503_page_is_in_the_readers_language():
    request = RequestFactory().get("/")
    with translation.override("ar"):
        try:
            raise OperationalError("down")
        except OperationalError:
            html = server_error(request).content.decode()
    assert 'lang="ar" dir="rtl"' in html


def _terminate_other_backends() -> int:
    """What a PostgreSQL restart does to every pooled connection, from another connection."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        # With a timeout it returns once each backend has exited (its FATAL is on the
        # socket): without one it only signals, and a connection lent at once still looked
        # quiet and alive (CI at 147289d: the teardown's flush got it).
        return admin.execute(
            "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [settings["NAME"]],
        ).fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_pooled_connections_killed_by_the_server_are_replaced_not_served(world):
    """Every pooled connection is terminated between two requests: the next page is a 200
    (the pool checks a connection before lending it), not a 500 on a stale one."""
    if connection.vendor != "postgresql" or getattr(connection, "pool", None) is None:
        pytest.skip("needs PostgreSQL with the psycopg pool (DATABASE_URL)")
    client = Client()
    client.force_login(world.alice)
    assert client.get("/").status_code == 200
    connection.close()  # back to the pool, like every request's connection at its end
    assert _terminate_other_backends() >= 1
    for _ in range(3):
        assert client.get("/").status_code == 200


def _pool_checks(monkeypatch) -> list[int]:
    """Counts the round-trip checks (psycopg's own) that the pool's check runs."""
    from psycopg_pool import ConnectionPool

    calls: list[int] = []
    real = ConnectionPool.check_connection

    def counted(conn):
        calls.append(1)
        real(conn)

    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(counted))
    return calls


def _pooled_query() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.close()  # back to the pool


@pytest.mark.django_db(transaction=True)
def test_a_connection_lent_again_at_once_is_not_checked_by_a_round_trip(monkeypatch):
    """Back-to-back loans (a socket's handshake borrows three times) cost no empty query;
    a connection whose server closed it is still caught (the test above)."""
    if connection.vendor != "postgresql" or getattr(connection, "pool", None) is None:
        pytest.skip("needs PostgreSQL with the psycopg pool (DATABASE_URL)")
    connection.close()
    # The pool lends its idle connections in turn (first in, first out), so each of them may
    # be checked once; every loan after that is free.
    # (The test above kills connections: the pool may still be replacing them, so the
    # larger of its sizes before and after bounds the connections lent.)
    before = connection.pool.get_stats()["pool_size"]
    loans = 3 * before + 3
    calls = _pool_checks(monkeypatch)
    for _ in range(loans):
        _pooled_query()
    idle = max(before, connection.pool.get_stats()["pool_size"])
    assert len(calls) <= idle < loans


# --- live rooms ----------------------------------------------------------------------------


# A player's `tick` is a service call on the database thread (a ping touches no database).


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_call_that_fails_once_is_retried(setup, monkeypatch):
    world, challenge = setup
    tick = challenges_services.challenge_tick
    failures = []

    def flaky(**kwargs):
        if not failures:
            failures.append(1)
            _fail()
        return tick(**kwargs)

    communicator, connected, _ = await connect(world.alice, challenge.pk)
    assert connected
    await communicator.receive_json_from(timeout=3)  # the snapshot
    monkeypatch.setattr(challenges_services, "challenge_tick", flaky)
    await communicator.send_json_to({"type": "tick"})
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from(timeout=3))["type"] == "pong"
    assert failures == [1]
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_call_that_keeps_failing_answers_unavailable_and_stays_open(
    setup, monkeypatch
):
    world, challenge = setup
    communicator, connected, _ = await connect(world.alice, challenge.pk)
    assert connected
    await communicator.receive_json_from(timeout=3)  # the snapshot
    monkeypatch.setattr(challenges_services, "challenge_tick", _fail)
    await communicator.send_json_to({"type": "tick"})
    error = await communicator.receive_json_from(timeout=3)
    assert error["type"] == "error" and error["code"] == "unavailable"
    assert error["message"]
    monkeypatch.undo()
    await communicator.send_json_to({"type": "ping"})
    assert (await communicator.receive_json_from(timeout=3))["type"] == "pong"
    await communicator.disconnect()
