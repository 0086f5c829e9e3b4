"""Reading and feeding the task queue (django_tasks_db's DBTaskResult rows)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

# A task RUNNING longer than this was left by a worker that died mid-task: it no longer
# holds back the tasks queued behind it.
STALE_RUNNING = timedelta(minutes=5)

# Waits before each retry of an event's failed follow-ups (then the task is left FAILED,
# visible in the admin, and the later events of the same student go ahead).
RETRY_DELAYS = (1, 5, 30, 120, 600)


def earlier_pending(*, task: Task, own_id, **event_lookups) -> bool:
    """Whether a queued or running `task` for an earlier event of the same scope exists.

    `event_lookups` filter the task's `event` keyword argument, e.g.
    `student_id=7, attempt_id__lt=120`."""
    now = timezone.now()
    rows = DBTaskResult.objects.filter(task_path=task.module_path).exclude(pk=own_id)
    rows = rows.filter(status=TaskResultStatus.READY) | rows.filter(
        status=TaskResultStatus.RUNNING, started_at__gt=now - STALE_RUNNING
    )
    lookups = {f"args_kwargs__kwargs__event__{k}": v for k, v in event_lookups.items()}
    return rows.filter(**lookups).exists()


def enqueue_later(task: Task, *, seconds: float, **kwargs):
    return task.using(run_after=timezone.now() + timedelta(seconds=seconds)).enqueue(**kwargs)
