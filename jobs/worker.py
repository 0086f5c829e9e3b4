"""The worker loop: django_tasks_db's worker, plus the periodic scheduler (jobs.scheduler).

One loop per process: enqueue what is due (at most once a second), claim the next ready task
(SELECT ... FOR UPDATE SKIP LOCKED, so several workers share one queue), run it, repeat.
A lost database connection is logged and retried, never the end of the worker.
"""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError, close_old_connections
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import scheduler

log = logging.getLogger("jobs.worker")

SCHEDULE_EVERY = 1.0  # seconds between two looks at PERIODIC_TASKS


class Worker(DatabaseWorker):
    def __init__(self, *, schedule: bool = True, **options) -> None:
        options.setdefault("queue_names", ["*"])
        options.setdefault("excluded_queue_names", [])
        options.setdefault("backend_name", DEFAULT_TASK_BACKEND_ALIAS)
        options.setdefault("startup_delay", False)
        options.setdefault("max_tasks", None)
        super().__init__(**options)
        self.schedule = schedule
        self._next_schedule = 0.0
        self.entries = scheduler.periodic_tasks() if schedule else []

    def claim_next(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)  # RUNNING: no other worker takes it
        return task_result

    def tick(self) -> bool:
        """One turn of the loop; True if a task ran."""
        if self.entries and time.monotonic() >= self._next_schedule:
            self._next_schedule = time.monotonic() + SCHEDULE_EVERY
            for path in scheduler.enqueue_due(entries=self.entries):
                log.info("enqueued periodic task %s", path)
        try:
            task_result = self.claim_next()
        except DatabaseError as error:
            if not is_locked_database_exception(error):
                raise
            return False  # SQLite busy: try again next turn
        if task_result is None:
            return False
        self.run_task(task_result)
        return True

    def run(self) -> None:
        log.info("worker %s started (periodic tasks: %d)", self.worker_id, len(self.entries))
        while self.running:
            close_old_connections()
            try:
                ran = self.tick()
            except DatabaseError:
                log.exception("worker: the database is unavailable; trying again")
                close_old_connections()
                ran = False
                time.sleep(max(self.interval, 1.0))
            if self.batch and not ran:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and not ran:
                time.sleep(self.interval)
