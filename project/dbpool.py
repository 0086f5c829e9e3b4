"""The check run on each pooled connection before it is lent (settings: DATABASES "pool").

psycopg's own check discards one dead connection, then waits (1 s, 2 s, 4 s...) before
trying the next, so after a PostgreSQL restart a pool full of dead connections would hold a
request for several seconds. A restart kills all of them at once: when one fails, every
idle one is checked and replaced right away.
"""

from psycopg import Connection
from psycopg_pool import ConnectionPool


def check_connection(conn: Connection) -> None:
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        pool = getattr(conn, "_pool", None)  # set by psycopg_pool while the pool lends it
        if isinstance(pool, ConnectionPool):
            pool.check()
        raise
