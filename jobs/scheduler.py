"""Periodic tasks: settings.PERIODIC_TASKS, enqueued by the worker when due (docs/tasks.md).

Time is cut into slots of each entry's interval, counted from the Unix epoch; a task is
enqueued at most once per slot whatever the number of workers, because the slot moves
forward by a conditional UPDATE (`slot < current`) that only one transaction can win.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicRun


@dataclass(frozen=True)
class Periodic:
    path: str
    task: Task
    every: int  # seconds


def periodic_tasks() -> list[Periodic]:
    """The configured entries, checked: a Task that takes no arguments, a whole interval."""
    entries = []
    for path, every in getattr(settings, "PERIODIC_TASKS", ()):
        task = import_string(path)
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"PERIODIC_TASKS: {path} is not a django.tasks Task.")
        if not isinstance(every, int) or every <= 0:
            raise ImproperlyConfigured(f"PERIODIC_TASKS: {path} needs a positive whole interval.")
        entries.append(Periodic(path, task, every))
    return entries


def slot_of(now: datetime, every: int) -> int:
    return int(now.timestamp()) // every


def enqueue_due(*, now: datetime | None = None, entries: list[Periodic] | None = None) -> list[str]:
    """Enqueue each periodic task whose current slot has not been enqueued yet; returns the
    paths enqueued by this call. Safe to call from any number of workers at once."""
    now = now or timezone.now()
    entries = periodic_tasks() if entries is None else entries
    if not entries:
        return []
    PeriodicRun.objects.bulk_create(
        [PeriodicRun(task_path=e.path) for e in entries], ignore_conflicts=True
    )
    enqueued = []
    for entry in entries:
        slot = slot_of(now, entry.every)
        with transaction.atomic():
            won = PeriodicRun.objects.filter(task_path=entry.path, slot__lt=slot).update(
                slot=slot, enqueued_at=now
            )
            if won:
                # Same transaction as the slot: a failed enqueue leaves the slot to retry.
                entry.task.enqueue()
                enqueued.append(entry.path)
    return enqueued
