import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs import scheduler
from jobs.models import PeriodicRun
from jobs.testing import drain
from tests.jobs import tasks

T0 = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)  # a multiple of 60 s since the epoch
TICK = "tests.jobs.tasks.tick"


def queued(path=TICK) -> int:
    return DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY).count()


@pytest.mark.django_db
def test_a_periodic_task_is_enqueued_once_per_interval(settings):
    settings.PERIODIC_TASKS = [(TICK, 60)]
    assert scheduler.enqueue_due(now=T0) == [TICK]
    assert scheduler.enqueue_due(now=T0 + timedelta(seconds=59)) == []
    assert queued() == 1
    assert scheduler.enqueue_due(now=T0 + timedelta(seconds=60)) == [TICK]
    assert queued() == 2
    assert drain() == 2
    assert tasks.CALLS == ["tick", "tick"]
    run = PeriodicRun.objects.get(task_path=TICK)
    assert run.slot == int((T0 + timedelta(seconds=60)).timestamp()) // 60


@pytest.mark.django_db
def test_each_entry_keeps_its_own_interval(settings):
    settings.PERIODIC_TASKS = [(TICK, 60), ("jobs.tasks.jobs_prune", 3600)]
    assert sorted(scheduler.enqueue_due(now=T0)) == ["jobs.tasks.jobs_prune", TICK]
    assert scheduler.enqueue_due(now=T0 + timedelta(minutes=1)) == [TICK]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (("tests.jobs.tasks.not_a_task", 60), "is not a django.tasks Task"),
        ((TICK, 0), "positive whole interval"),
        ((TICK, 1.5), "positive whole interval"),
    ],
)
def test_a_bad_entry_is_refused_clearly(settings, entry, message):
    settings.PERIODIC_TASKS = [entry]
    with pytest.raises(ImproperlyConfigured, match=message):
        scheduler.periodic_tasks()


@pytest.mark.django_db(transaction=True)
def test_several_workers_enqueue_a_slot_once(settings):
    """Four schedulers on their own connections, at the same instant: one wins the slot."""
    settings.PERIODIC_TASKS = [(TICK, 60)]
    entries = scheduler.periodic_tasks()
    scheduler.enqueue_due(now=T0 - timedelta(minutes=1), entries=entries)  # the row exists
    barrier = threading.Barrier(4)
    won: list[list[str]] = []

    def worker():
        try:
            barrier.wait()
            won.append(scheduler.enqueue_due(now=T0, entries=entries))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [[], [], [], [TICK]]
    assert queued() == 2
