"""The student dashboard's cost follows what it shows, not the history behind it: a fixed
number of queries and, of the daily snapshots, only those that answer for the weekly chart's
moments, with the very numbers a replay of every snapshot gives."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import selectors
from mastery import history
from mastery.models import MasterySnapshot
from tests.dashboards.helpers import count_queries
from tests.dashboards.test_class_view_cost import _every_snapshot, _history

pytestmark = pytest.mark.django_db

MOMENTS = selectors.CHART_WEEKS + 1  # the chart's weekly points, "now" and "a week ago" among them


def _older_snapshots(student, skill, days: int, before_days: int) -> None:
    """A year of earlier practice as daily rows, each older than anything already there."""
    # Local noon, one row per local day: near midnight a daylight-saving change (Morocco's
    # Ramadan hour) would put two of these moments on the same day.
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start = noon - timedelta(days=before_days)
    MasterySnapshot.objects.bulk_create(
        MasterySnapshot(
            student=student,
            skill=skill,
            day=timezone.localdate(start - timedelta(days=d)),
            p_known=0.2 + 0.5 * ((d % 7) / 7),
            half_life_days=2.0,
            last_practiced_at=start - timedelta(days=d),
            attempts=400 - d,
            sessions=max(1, 300 - d),
            level_correct=[1, 0, 0],
        )
        for d in range(1, days + 1)
    )


@pytest.fixture
def histories(world):
    """Alice: the last 60 days. Bilal: the same 60 days after a year of earlier practice."""
    questions = [world.choice_q, world.numeric_q]
    _history([world.alice, world.bilal], questions, days=60, per_day=1)
    _older_snapshots(world.bilal, world.choice_q.exercise.skill, days=365, before_days=61)
    short = MasterySnapshot.objects.filter(student=world.alice).count()
    long = MasterySnapshot.objects.filter(student=world.bilal).count()
    assert long > short + 300, (short, long)
    return world


def test_dashboard_reads_the_same_queries_and_snapshot_rows_whatever_the_history(
    client, histories, monkeypatch
):
    world = histories
    read: list[int] = []
    real = selectors.snapshot_points

    def counting(**kwargs):
        points = real(**kwargs)
        read.append(sum(len(p) for p in points.values()))
        return points

    monkeypatch.setattr(selectors, "snapshot_points", counting)
    counts = []
    for student in (world.alice, world.bilal):
        client.force_login(student)
        counts.append(count_queries(client, reverse("home")))
    assert counts[0] == counts[1], counts
    assert len(read) == 2, read  # the dashboard's timeline came from the bounded reader
    assert read[0] == read[1], read
    assert 0 < read[1] <= len(world.skills) * MOMENTS, read


def test_dashboard_numbers_are_those_of_every_snapshot_replayed(histories, monkeypatch):
    world = histories
    # Chloe began a month ago: the chart's older moments come before any snapshot.
    _history([world.chloe], [world.choice_q, world.numeric_q], days=30, per_day=1)
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    for student in (world.alice, world.bilal, world.chloe):
        board = selectors.student_dashboard(student=student)
        every = _every_snapshot(student, world.skills)
        assert board.subjects
        for subject in board.subjects:
            ids = [n.id for n in subject.view.nodes]
            assert subject.weekly == every.weekly(ids, now, selectors.CHART_WEEKS)
            week_ago = every.average_at(ids, now - selectors.WEEK)
            assert subject.week_change == every.average_at(ids, now) - week_ago
        ids = [n.id for s in board.subjects for n in s.view.nodes]
        assert [n.id for n in board.new_concepts] == every.newly_mastered(
            ids, now - selectors.WEEK, now
        )
        # Not vacuous: the chart moves over the weeks shown.
        assert len({v for s in board.subjects for _, v in s.weekly}) > 1


def test_timeline_is_empty_without_history(world):
    # Chloe has no snapshot at all: nothing to show, and no error.
    timeline = selectors._timeline(
        world.chloe, {s.pk: s.top_level for s in world.skills}, timezone.now()
    )
    assert isinstance(timeline, history.Timeline)
    assert timeline.state_at(world.skills[0].pk, timezone.now()) is None
