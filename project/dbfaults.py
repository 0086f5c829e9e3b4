"""Transient database faults: a restart, a dropped connection, a pool with no free connection.

They say "try again in a moment", not "the code is wrong": pages answer 503 with a retry
note (`project.middleware.DatabaseUnavailableMiddleware`) and live rooms retry once, then
answer an `error` frame with the code `unavailable` (`live.consumer.RoomConsumer.call`).
"""

import django.db
import psycopg

# psycopg_pool.PoolTimeout is a psycopg.OperationalError; Django wraps most of these in its
# own classes, but errors raised outside a cursor (returning a connection) arrive unwrapped.
TRANSIENT_DB_ERRORS: tuple[type[BaseException], ...] = (
    django.db.OperationalError,
    django.db.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)

# How long a client should wait before trying again (the Retry-After header, in seconds).
RETRY_AFTER_SECONDS = 5


def is_transient(error: BaseException | None) -> bool:
    return isinstance(error, TRANSIENT_DB_ERRORS)
