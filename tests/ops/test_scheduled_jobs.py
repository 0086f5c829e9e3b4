"""Every state has an end, on the real scheduler: the worker (`manage.py worker`, as `make
run`, compose and the e2e fixtures run it) enqueues the project's PERIODIC_TASKS and runs
them, and each one does its job: an abandoned match finishes, the room log keeps its floor,
dropped sockets are announced, expired sessions and invitations go."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from challenges.models import Challenge, ChallengePlayer
from jobs.scheduler import periodic_tasks
from live import presence
from live.models import PresenceRoom, RoomEvent
from live.publish import publish
from tests.challenges.helpers import invite, started
from tests.factories import build_world

JOBS = {
    "challenges.tasks.expire_challenges": 60,
    "challenges.tasks.finish_abandoned_challenges": 60,
    "live.tasks.sweep_presence": 30,
    "live.tasks.prune_room_log": 3600,
    "privacy.tasks.privacy_cleanup": 24 * 3600,
}


def test_the_jobs_are_scheduled_and_valid():
    entries = {entry.path: entry.every for entry in periodic_tasks()}  # raises if one is bad
    assert entries.items() >= JOBS.items()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_every_job_and_each_does_its_work(test_events):
    world = build_world()
    now = timezone.now()
    # A match both players left two minutes ago, and an invitation nobody answered.
    match = started(world)
    Challenge.objects.filter(pk=match.pk).update(deadline=now - timedelta(minutes=2))
    ChallengePlayer.objects.filter(challenge=match).update(last_seen_at=now - timedelta(minutes=3))
    unanswered = invite(world, now=now - timedelta(days=3))
    # A room log longer than its floor, and an event past the age ceiling in another room.
    for i in range(settings.LIVE_ROOM_LOG_KEEP_EVENTS + 3):
        publish(room="test.long", type="t", payload={"i": i})
    publish(room="test.old", type="t", payload={})
    RoomEvent.objects.filter(room="test.old").update(created_at=now - timedelta(days=8))
    # A socket that dropped a minute ago without a goodbye, and an expired session.
    presence.presence_join(
        room="study_group.424242",
        user=world.alice,
        channel_name="gone",
        now=now - timedelta(minutes=1),
    )
    store = SessionStore()
    store.set_expiry(now - timedelta(days=1))
    store.save()

    call_command("worker", batch=True, verbosity=0)

    results = dict(
        DBTaskResult.objects.filter(task_path__in=JOBS).values_list("task_path", "status")
    )
    assert results == dict.fromkeys(JOBS, TaskResultStatus.SUCCESSFUL)
    match.refresh_from_db()
    unanswered.refresh_from_db()
    assert match.status == Challenge.Status.FINISHED and match.winner_id is None
    assert unanswered.status == Challenge.Status.EXPIRED
    assert RoomEvent.objects.filter(room="test.long").count() == settings.LIVE_ROOM_LOG_KEEP_EVENTS
    assert not RoomEvent.objects.filter(room="test.old").exists()
    assert PresenceRoom.objects.get(room="study_group.424242").user_ids == []
    assert not Session.objects.filter(session_key=store.session_key).exists()
