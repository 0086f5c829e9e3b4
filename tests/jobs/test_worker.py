from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import FollowUpDone
from jobs.tasks import jobs_prune
from jobs.testing import drain, pending
from tests.jobs import tasks


@pytest.mark.django_db
def test_drain_runs_tasks_in_the_order_they_were_enqueued():
    for word in ("one", "two", "three"):
        tasks.echo.enqueue(word=word)
    assert pending() == 3
    assert drain() == 3
    assert tasks.CALLS == ["one", "two", "three"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_enqueues_periodic_tasks_and_runs_them(settings):
    settings.PERIODIC_TASKS = [("tests.jobs.tasks.tick", 3600)]
    tasks.echo.enqueue(word="queued before")
    call_command("worker", batch=True, verbosity=0)
    assert sorted(tasks.CALLS) == ["queued before", "tick"]
    assert pending() == 0
    # The same hour: a second worker finds the slot taken.
    call_command("worker", batch=True, verbosity=0)
    assert sorted(tasks.CALLS) == ["queued before", "tick"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_can_run_without_the_scheduler(settings):
    settings.PERIODIC_TASKS = [("tests.jobs.tasks.tick", 3600)]
    call_command("worker", batch=True, schedule=False, verbosity=0)
    assert tasks.CALLS == []


@pytest.mark.django_db
def test_pruning_forgets_old_finished_tasks_and_marks():
    old = timezone.now() - timedelta(days=8)
    tasks.echo.enqueue(word="old")
    tasks.echo.enqueue(word="waiting")
    first = DBTaskResult.objects.order_by("enqueued_at").first()
    DBTaskResult.objects.filter(pk=first.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=old
    )
    FollowUpDone.objects.create(key="attempt:1", subscriber="x", done_at=old)
    FollowUpDone.objects.create(key="attempt:2", subscriber="x", done_at=timezone.now())
    assert jobs_prune.call() == {"tasks": 1, "follow_ups": 1}
    assert pending() == 1  # a waiting task is never pruned
    assert list(FollowUpDone.objects.values_list("key", flat=True)) == ["attempt:2"]
