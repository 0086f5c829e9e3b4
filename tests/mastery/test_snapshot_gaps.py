"""Each snapshot keeps the days since its pair's previous practice day (what the teacher's
30-day retention finds comebacks by): written by the live path when the day's row is new,
by a rebuild and the demo from the whole history, and filled by the migration for the rows
that were there before it."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from mastery import rules
from mastery.models import MasterySnapshot
from tests.dashboards.test_metrics import say

pytestmark = pytest.mark.django_db

migration = import_module("mastery.migrations.0007_snapshot_gap_days")


def _gaps(student, skill) -> list[tuple]:
    return list(
        MasterySnapshot.objects.filter(student=student, skill=skill)
        .order_by("day")
        .values_list("day", "gap_days")
    )


def test_the_live_path_writes_the_gap_when_the_days_row_is_new(world):
    q = world.choice_q
    # Counted back from today's local noon, so the first two share a day and the third does
    # not at whatever hour the test runs; the last answer is now.
    now = timezone.now()
    noon = timezone.localtime(now).replace(hour=12, minute=0, second=0, microsecond=0)
    moments = [noon - timedelta(days=d) for d in (45.2, 45.1, 44.3, 10.3)] + [now]
    for moment in moments:
        say(world.alice, q, True, (now - moment) / timedelta(days=1))
    days = [timezone.localdate(m) for m in (moments[0], *moments[2:])]
    expected = [None, *((b - a).days for a, b in zip(days, days[1:], strict=False))]
    assert _gaps(world.alice, q.exercise.skill) == list(zip(days, expected, strict=True))
    assert max(g for g in expected if g) >= rules.LONG_GAP_DAYS  # a month away is among them


def test_day_gaps_pairs_each_day_with_the_same_keys_previous_one():
    d = timezone.localdate()
    gaps = rules.day_gaps([("a", d), ("b", d - timedelta(days=3)), ("a", d - timedelta(days=40))])
    assert gaps == {("a", d): 40}


@pytest.mark.parametrize("vendor", ["postgresql", "python"])
def test_the_migration_fills_the_gaps_of_the_rows_before_it(world, vendor, monkeypatch):
    for days_ago in (70.2, 31.3, 30.3, 2.1):
        say(world.alice, world.choice_q, True, days_ago)
        say(world.bilal, world.numeric_q, False, days_ago + 0.5)
    written = sorted(
        MasterySnapshot.objects.values_list("student_id", "skill_id", "day", "gap_days")
    )
    assert sum(1 for row in written if row[3] is not None) >= 6
    MasterySnapshot.objects.update(gap_days=None)

    with connection.schema_editor() as editor:
        if vendor == "python":  # the embedded default's way, on the same rows
            monkeypatch.setattr(editor.connection, "vendor", "sqlite")
        migration.fill_gaps(apps, editor)
        monkeypatch.undo()
    filled = sorted(
        MasterySnapshot.objects.values_list("student_id", "skill_id", "day", "gap_days")
    )
    assert filled == written
