"""The check run on each pooled connection before it is lent (settings: DATABASES "pool").

psycopg's own check is a round trip (an empty query) on every loan. A live socket's service
call borrows a connection for each call, so on a handshake (session and user, then the
room's sequence number) those checks were a third of the database thread's round trips.
A connection the server has closed (a restart, `pg_terminate_backend`) has something to
read on its socket: the server's farewell or the end of the stream. So the round trip runs
only when the socket has something to say, its state is not plain OK, or the last real
check is more than `FULL_CHECK_SECONDS` old (a server that vanished without a word).

psycopg's own check discards one dead connection, then waits (1 s, 2 s, 4 s...) before
trying the next, so after a PostgreSQL restart a pool full of dead connections would hold a
request for several seconds. A restart kills all of them at once: when one fails, every
idle one is checked and replaced right away.
"""

import select
import time

from psycopg import Connection, pq
from psycopg_pool import ConnectionPool

FULL_CHECK_SECONDS = 5.0


def check_connection(conn: Connection) -> None:
    if _quiet(conn):
        return
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        pool = getattr(conn, "_pool", None)  # set by psycopg_pool while the pool lends it
        if isinstance(pool, ConnectionPool):
            pool.check()
        raise
    conn._madrasti_checked_at = time.monotonic()


def _quiet(conn: Connection) -> bool:
    """Idle, recently checked, and nothing waiting on its socket: nothing to suspect."""
    checked_at = getattr(conn, "_madrasti_checked_at", None)
    if checked_at is None or time.monotonic() - checked_at > FULL_CHECK_SECONDS:
        return False
    if conn.closed or conn.pgconn.status != pq.ConnStatus.OK:
        return False
    if conn.pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return False
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable
