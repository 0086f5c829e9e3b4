"""For tests: run the queued tasks in this process, as the worker would, until none is left."""

from __future__ import annotations

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .worker import Worker


def drain(*, include_deferred: bool = False, limit: int = 500) -> int:
    """Run every ready task (and the tasks they enqueue) until the queue is empty; returns
    how many ran. `include_deferred`: also run tasks waiting for a later time (retries),
    as if that time had come. Periodic tasks are not enqueued here."""
    worker = Worker(schedule=False, interval=0, batch=True, worker_id="test-drain")
    ran = 0
    while ran < limit:
        if include_deferred:
            DBTaskResult.objects.filter(
                status=TaskResultStatus.READY, run_after__gt=timezone.now()
            ).exclude(run_after__year=9999).update(run_after=timezone.now())
        if not worker.tick():
            return ran
        ran += 1
    raise AssertionError(f"the queue did not drain after {limit} tasks")


def pending() -> int:
    """Tasks waiting to run (deferred ones included)."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
