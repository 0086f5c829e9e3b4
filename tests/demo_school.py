# ruff: noqa: S608 (names from Django's introspection; no values are formatted in)
"""The demo school for tests that read it: seeded for real once per anchor, then copied in.

`seed_demo` takes 10-13 s and a dozen modules need the demo school. The first call for an
anchor runs the real command in a savepoint, keeps every row it added (PostgreSQL `COPY`,
held in this process's memory) and rolls the savepoint back; every call, the first
included, then copies those rows in, in well under a second. What a test sees is the same
rows a real seed would have written, with the same ids every time.

Ids never collide with rows a test made itself: PostgreSQL never rewinds a sequence on
rollback or flush, so every id the copy brings back is below any id handed out after it was
kept. Tests of seeding itself (tests/demo/test_seed_demo.py, `--reset`) run the command.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

from django.core.management import call_command
from django.db import connection, transaction

_kept: dict[str, list[tuple[str, str, bytes]]] = {}


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _columns(cursor, table: str) -> str:
    """The columns COPY can write back (not generated ones), quoted, in table order."""
    cursor.execute(
        "SELECT quote_ident(column_name) FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return ", ".join(name for (name,) in cursor.fetchall())


def _keep(anchor: str) -> list[tuple[str, str, bytes]]:
    kept = []
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        tables = _tables()
        for i, table in enumerate(tables):
            # What was there before the seed (the migrations' own rows) is not the demo's.
            raw.execute(f'CREATE TEMP TABLE "before_{i}" AS SELECT * FROM "{table}"')
        call_command("seed_demo", "--today", anchor, stdout=StringIO())
        for i, table in enumerate(tables):
            columns = _columns(raw, table)
            added = f'SELECT {columns} FROM "{table}" EXCEPT ALL SELECT {columns} FROM "before_{i}"'
            if not raw.execute(f"SELECT EXISTS ({added})").fetchone()[0]:
                continue
            with raw.copy(f"COPY ({added}) TO STDOUT (FORMAT binary)") as copy:
                data = b"".join(bytes(block) for block in copy)
            kept.append((table, columns, data))
        transaction.set_rollback(True)
    return kept


def seed_demo_school(anchor: str) -> None:
    """The demo school anchored on `anchor` (YYYY-MM-DD), in the caller's transaction."""
    if anchor not in _kept:
        _kept[anchor] = _keep(anchor)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for table, columns, data in _kept[anchor]:
            # Through a scratch table, skipping rows already there: with live servers running
            # (end-to-end tests) their worker's scheduler may have written a periodic run or
            # a task the seed had run too; a real seed would have found it and moved on.
            raw.execute(f'CREATE TEMP TABLE demo_rows AS SELECT {columns} FROM "{table}" LIMIT 0')
            with raw.copy("COPY demo_rows FROM STDIN (FORMAT binary)") as copy:
                copy.write(data)
            raw.execute(
                f'INSERT INTO "{table}" ({columns}) SELECT * FROM demo_rows ON CONFLICT DO NOTHING'
            )
            raw.execute("DROP TABLE demo_rows")


@contextmanager
def demo_school_for_module(django_db_blocker, anchor: str) -> Iterator[None]:
    """The demo school for a whole module (a module-scoped fixture's body): copied in inside a
    transaction that is rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo_school(anchor)
        yield
        transaction.set_rollback(True)
