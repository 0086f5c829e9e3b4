"""Days with practice, read from the month bitmasks the answers keep (mastery.PracticeMonth),
are the days of the snapshots, per day and per student, over every kind of period: the same
numbers a read of every snapshot gives, after answers, late reports and a rebuild."""

from collections import defaultdict
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from dashboards import metrics_rules as mr
from dashboards.practice_days import longest_run, practice_days_read
from mastery.models import MasterySnapshot, PracticeMonth
from mastery.practice_days import practice_days_refill
from mastery.rebuild import mastery_rebuild
from tests.dashboards.test_metrics import say
from tests.dashboards.test_metrics_portable import _history, params_for

pytestmark = pytest.mark.django_db


def _from_snapshots(params) -> tuple[dict, dict]:
    """The reference: every snapshot of the students' subjects, day by day."""
    days = set(
        MasterySnapshot.objects.filter(
            student_id__in=params["students"],
            skill_id__in=params["skills"],
            day__gte=params["before_start"],
            day__lte=params["end"],
        ).values_list("student_id", "day")
    )
    per_day: dict = defaultdict(int)
    by_student: dict = defaultdict(list)
    for student_id, day in days:
        by_student[student_id].append(day)
        if params["start"] <= day:
            per_day[day] += 1
    per_student = {}
    for student_id, found in by_student.items():
        now = [d for d in found if d >= params["start"]]
        before = sum(1 for d in found if d <= params["before_end"])
        per_student[student_id] = (len(now), before, mr.longest_streak(now))
    return dict(per_day), per_student


def _read(params):
    found = practice_days_read(
        students=params["students"],
        subjects=params["subjects"],
        before_start=params["before_start"],
        before_end=params["before_end"],
        start=params["start"],
        end=params["end"],
    )
    return found.per_day, found.per_student


def test_the_bitmasks_give_the_snapshots_days(world):
    _history(world)
    for key in (mr.WEEK, mr.FOUR_WEEKS, mr.TERM, mr.CUSTOM):  # one history: it takes a while
        params = params_for(world, key)
        expected = _from_snapshots(params)
        assert expected[0] and any(longest > 1 for _n, _b, longest in expected[1].values()), key
        assert _read(params) == expected, key


def test_late_reports_and_a_rebuild_keep_them_equal(world):
    _history(world)
    say(world.bilal, world.choice_q, True, 12.2)  # reported now, answered 12 days ago
    params = params_for(world, mr.CUSTOM)
    assert _read(params) == _from_snapshots(params)
    PracticeMonth.objects.filter(student=world.alice).update(days=0)  # drifted
    mastery_rebuild(student_ids=[world.alice.pk])
    assert _read(params) == _from_snapshots(params)


def test_a_refill_writes_what_the_answers_wrote(world):
    _history(world)
    written = sorted(PracticeMonth.objects.values_list("student_id", "subject_id", "month", "days"))
    assert practice_days_refill(student_ids=None) == len(written)
    assert (
        sorted(PracticeMonth.objects.values_list("student_id", "subject_id", "month", "days"))
        == written
    )


def test_a_run_across_a_month_boundary(world):
    now = timezone.localtime()
    first = now.date().replace(day=1)
    for day in (first - timedelta(days=2), first - timedelta(days=1), first):
        moment = min(now.replace(day=1) - (first - day), now - timedelta(minutes=1))
        say(world.alice, world.choice_q, True, (now - moment).total_seconds() / 86400)
    params = params_for(world, mr.TERM)
    per_day, per_student = _read(params)
    assert (per_day, per_student) == _from_snapshots(params)
    assert per_student[world.alice.pk][2] >= 3 or first - timedelta(days=2) < params["start"]


def test_longest_run_counts_consecutive_bits():
    assert [longest_run(b) for b in (0, 0b1, 0b1011, 0b111011110, 1 << 200 | 1)] == [0, 1, 2, 4, 1]


def test_the_migration_fills_what_the_answers_wrote(world):
    _history(world)
    written = sorted(PracticeMonth.objects.values_list("student_id", "subject_id", "month", "days"))
    PracticeMonth.objects.all().delete()
    with connection.schema_editor() as editor:
        import_module("mastery.migrations.0008_practice_month").fill_months(apps, editor)
    filled = sorted(PracticeMonth.objects.values_list("student_id", "subject_id", "month", "days"))
    assert filled == written and written
