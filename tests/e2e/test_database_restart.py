"""A private PostgreSQL restarted, then stopped and started, under a running daphne.

Pages never answer 500: stale pooled connections are replaced (the pool checks before each
loan), and while the server is down a page answers 503 with a retry note. An open socket
survives both: a `resume` meeting the outage gets an `unavailable` error (a `ping` still
answers: heartbeats need no database), then everything answers again.
"""

import asyncio
import json
import os
import time

import pytest
from django.conf import settings

from .private_postgres import PrivatePostgres
from .servers import Daphne, HttpClient, database_url, open_socket, ping, server_env

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

POOL_TIMEOUT = "2"  # seconds a request waits for a connection while the server is down


@pytest.fixture
def private_postgres():
    try:
        server = PrivatePostgres.create()
    except FileNotFoundError as missing:
        pytest.skip(str(missing))
    yield server
    server.destroy()


@pytest.fixture
def restartable(world, login, private_postgres, fresh_static):
    """A daphne on a copy of the test database held by the private server; alice logged in."""
    cookies = login(world.alice)
    url = private_postgres.copy_database(
        source_url=database_url(settings.DATABASES["default"]), dbname="growth"
    )
    env = server_env(
        database_url=url,
        redis_url=os.environ.get("REDIS_URL") or pytest.skip("needs Redis (REDIS_URL)"),
        secret_key=settings.SECRET_KEY,
        DB_POOL_TIMEOUT=POOL_TIMEOUT,
        DB_POOL_MIN_SIZE="4",
    )
    server = Daphne(env=env, name="daphne on the private PostgreSQL").start()
    yield server, cookies, private_postgres
    server.stop()


def _statuses(client: HttpClient, n: int) -> list[int]:
    return [client.get("/").status for _ in range(n)]


async def test_a_restart_and_an_outage_never_give_a_500_and_the_socket_stays(restartable):
    server, cookies, postgres = restartable
    client = HttpClient(server.base_url, cookies)
    assert _statuses(client, 2) == [200, 200]
    async with open_socket(server, cookies, query="?since=0") as ws:
        assert (await ping(ws))["type"] == "pong"

        # A fast restart kills every pooled connection; the next pages get fresh ones.
        postgres.pg_ctl("restart", "-m", "fast")
        started = time.monotonic()
        assert await asyncio.to_thread(_statuses, client, 5) == [200] * 5, server.output()
        print(f"5 pages after a restart: {time.monotonic() - started:.2f} s")
        assert (await ping(ws))["type"] == "pong"

        # Down: a page says "back in a moment" (503), the socket is told and stays open.
        postgres.pg_ctl("stop", "-m", "fast")
        page = await asyncio.to_thread(client.get, "/")
        assert page.status == 503, page.text[:500]
        assert page.headers.get("Retry-After") == "5"
        assert "data-unavailable" in page.text
        # A heartbeat needs no database (presence lives in Redis); a resume reads the room log.
        assert (await ping(ws))["type"] == "pong"
        await ws.send(json.dumps({"type": "resume", "since": 0}))
        async with asyncio.timeout(15):
            error = json.loads(await ws.recv())
        assert error["type"] == "error" and error["code"] == "unavailable", error

        # Back: pages and the same socket work again, within seconds.
        postgres.pg_ctl("start")
        deadline = time.monotonic() + 20
        seen = []
        while time.monotonic() < deadline:
            seen.append((await asyncio.to_thread(client.get, "/")).status)
            if seen[-1] == 200:
                break
            await asyncio.sleep(0.5)
        assert seen[-1] == 200 and set(seen) <= {200, 503}, seen
        print(f"pages after the server came back: {seen}")
        reply = await ping(ws)
        if reply["type"] == "error":  # a ping that raced the pool's reconnection
            reply = await ping(ws)
        assert reply["type"] == "pong", reply
        assert (await receive_nothing_bad(ws)) is None
    assert '" 500 ' not in server.output(), server.output()


async def receive_nothing_bad(ws):
    """The socket is still open and quiet (no close frame, no stray error)."""
    try:
        async with asyncio.timeout(0.3):
            return json.loads(await ws.recv())
    except TimeoutError:
        return None
