"""Run an event's subscribers: in order, each in its own transaction, each at most once.

A subscriber is a dotted path to a function taking the event. Before it runs, a
FollowUpDone row (event key, subscriber) is inserted in the subscriber's transaction: a
retried or duplicated task finds the row and skips it, and a subscriber that fails rolls its
row back with its writes, so the retry runs it again. One subscriber failing does not stop
the ones after it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import FollowUpDone

log = logging.getLogger(__name__)

_CLAIM_SQL = (
    f"INSERT INTO {FollowUpDone._meta.db_table} (key, subscriber, done_at) "  # noqa: S608
    "VALUES (%s, %s, %s) ON CONFLICT (key, subscriber) DO NOTHING"
)


def claim(*, key: str, subscriber: str) -> bool:
    """Mark (key, subscriber) done in the running transaction; False if it already was.

    One statement on PostgreSQL and SQLite. A concurrent claimer waits on the unique index
    until the first commits (then gets False) or rolls back (then gets True)."""
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, [key, subscriber, timezone.now()])
        return cursor.rowcount == 1


@dataclass
class Report:
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # done before (a retry, a duplicate)
    failed: list[str] = field(default_factory=list)


def run_subscribers(*, key: str, event, subscribers: Iterable[str]) -> Report:
    report = Report()
    for path in subscribers:
        try:
            with transaction.atomic():
                if not claim(key=key, subscriber=path):
                    report.skipped.append(path)
                    continue
                import_string(path)(event)
        except Exception:
            log.exception("follow-up %s of %s failed; it will be retried", path, key)
            report.failed.append(path)
        else:
            if path not in report.skipped:
                report.ran.append(path)
    return report


class FollowUpsFailed(Exception):
    """Some follow-ups of an event still failed after the last retry (the task is left
    FAILED, with this message and its traceback, in the admin)."""
