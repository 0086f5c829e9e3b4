"""The class average's kept moments (SubjectMasteryDay): a period's chart reads, at a past
midnight, the rows a first read wrote, and those rows are the numbers the snapshots give; a
late report drops the rows it changes, a rebuild drops them all, today's answers drop none."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dashboards import metrics, metrics_sql
from dashboards import metrics_rules as mr
from dashboards.scope import teacher_scope
from mastery.models import SubjectMasteryDay
from mastery.rebuild import mastery_rebuild
from tests.dashboards.test_metrics import both, say
from tests.dashboards.test_metrics_portable import _history, params_for

pytestmark = pytest.mark.django_db


def _read(name: str, params: dict) -> dict[tuple[int, int], tuple[int, int]]:
    """(moment, student) -> (total, mastered), a student with nothing to show left out."""
    with connection.cursor() as cursor:
        cursor.execute(getattr(metrics_sql, name), params)
        return {(k, s): (t, n) for k, s, t, n in cursor.fetchall() if (t, n) != (0, 0)}


def _kept_days(params) -> list:
    return [day for day, kept in zip(params["days"], params["kept"], strict=True) if kept]


def test_kept_moments_are_the_snapshots_numbers_first_read_and_after(world):
    _history(world)
    for key in (mr.FOUR_WEEKS, mr.TERM, mr.CUSTOM):  # one history: it takes a while
        params = params_for(world, key)
        probed = _read("MASTERY_AT_MOMENTS", params)
        assert any(n for _t, n in probed.values()), f"{key}: nothing shown as mastered"
        assert sum(params["kept"]) >= 2
        # The period's last moment is now (not kept), unless a whole past period is read.
        assert params["kept"][-1] == (params["end"] < timezone.localdate()), key

        assert _read("MASTERY_KEPT", params) == probed, key  # first read: probed, then written
        rows = SubjectMasteryDay.objects.filter(
            student_id__in=params["students"], day__in=_kept_days(params)
        )
        cells = len(params["students"]) * len(params["subjects"])
        assert rows.count() == cells * len(_kept_days(params))  # zeros too: a day is complete
        assert _read("MASTERY_KEPT", params) == probed, key  # second read: from the rows


def test_a_kept_moment_is_read_not_probed_again(world):
    _history(world)
    params = params_for(world, mr.TERM)
    _read("MASTERY_KEPT", params)
    day = _kept_days(params)[-1]
    k = params["days"].index(day)
    # A number no snapshot gives: only a read of the kept row can answer it.
    SubjectMasteryDay.objects.filter(student=world.alice, day=day).update(total=4321, mastered=7)
    assert _read("MASTERY_KEPT", params)[(k, world.alice.pk)] == (4321, 7)


def test_a_late_report_drops_the_days_after_it_and_the_next_read_is_right(world):
    _history(world)  # Bilal last practised 33 days ago
    params = params_for(world, mr.CUSTOM)
    _read("MASTERY_KEPT", params)
    kept = SubjectMasteryDay.objects.filter(student=world.bilal)
    before = {r.day: r.total for r in kept.all()}
    late_day = timezone.localdate(timezone.now() - timedelta(days=20))

    both(world, world.bilal, True, 20)  # reported now, answered 20 days ago

    assert kept.filter(day__gt=late_day).count() == 0
    assert {r.day: r.total for r in kept.all()} == {
        d: t for d, t in before.items() if d <= late_day
    }
    assert any(d > late_day for d in before)
    assert SubjectMasteryDay.objects.filter(student=world.alice).count() > 0  # others stay
    probed = _read("MASTERY_AT_MOMENTS", params)
    assert _read("MASTERY_KEPT", params) == probed
    later = [day for day in _kept_days(params) if day > late_day]
    assert any(probed.get((params["days"].index(d), world.bilal.pk)) for d in later)


def test_todays_answers_drop_nothing_kept(world):
    _history(world)
    params = params_for(world, mr.TERM)
    _read("MASTERY_KEPT", params)
    rows = SubjectMasteryDay.objects.filter(student=world.alice)
    count = rows.count()
    assert count
    say(world.alice, world.choice_q, True, 0)
    assert rows.count() == count


def test_a_rebuild_drops_the_students_kept_moments(world):
    _history(world)
    params = params_for(world, mr.TERM)
    _read("MASTERY_KEPT", params)
    assert SubjectMasteryDay.objects.filter(student=world.alice).exists()
    mastery_rebuild(student_ids=[world.alice.pk])
    assert not SubjectMasteryDay.objects.filter(student=world.alice).exists()
    assert SubjectMasteryDay.objects.filter(student=world.bilal).exists()
    assert _read("MASTERY_KEPT", params) == _read("MASTERY_AT_MOMENTS", params)


def test_the_metrics_page_numbers_do_not_change_once_kept(world):
    _history(world)
    scope = teacher_scope(teacher=world.teacher_a, class_id=world.class_a.pk)
    today = timezone.localdate()
    period = mr.period_for(mr.TERM, today=today)
    first = metrics.class_metrics(scope=scope, school_class=world.class_a, period=period)
    assert SubjectMasteryDay.objects.exists()
    again = metrics.class_metrics(scope=scope, school_class=world.class_a, period=period)
    assert [b.value for b in again.mastery_trend] == [b.value for b in first.mastery_trend]
    assert (again.mastered_start, again.growing) == (first.mastered_start, first.growing)
