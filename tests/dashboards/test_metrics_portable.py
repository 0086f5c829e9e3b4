"""The metrics' Python reads (metrics_portable, what the embedded default of `make run` uses)
give, row for row, what PostgreSQL's aggregates give (metrics_sql) on the same history: reflections,
mastery at the chart's moments and comebacks after a month."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dashboards import metrics, metrics_portable, metrics_sql
from dashboards import metrics_rules as mr
from dashboards.scope import teacher_scope
from mastery.models import Skill
from reflections.models import Reflection
from schools.models import Enrollment
from tests.dashboards.test_metrics import both, say
from tests.factories import make_exercise, make_user

pytestmark = pytest.mark.django_db

QUERIES = ("REFLECTIONS", "MASTERY_AT_MOMENTS", "COMEBACKS")


def _plain(rows) -> list[tuple]:
    """Rows comparable across both reads: JSON as values, floats to 9 places."""

    def cell(value):
        if isinstance(value, str) and value[:1] == "[":
            return tuple(json.loads(value))
        if isinstance(value, list):
            return tuple(value)
        if isinstance(value, float):
            return round(value, 9)
        return value

    return sorted((tuple(cell(v) for v in row) for row in rows), key=repr)


def _history(world):
    """Mastered then left for over a month, daily practice with gaps, reflections of both
    kinds, answers at both levels, over three months."""
    _more, fresh_choice, fresh_numeric = make_exercise(world.skills[0], "More practice")
    for student in (world.alice, world.bilal):
        for d in (80, 79, 78):
            both(world, student, True, d)
    both(world, world.alice, True, 35)
    say(world.alice, fresh_choice, True, 34.99)
    say(world.alice, fresh_numeric, True, 34.98)
    both(world, world.bilal, False, 33)
    pupils = [make_user(f"pupil{i}") for i in range(4)]
    for i, pupil in enumerate(pupils):
        Enrollment.objects.create(student=pupil, school_class=world.class_a)
        for d in range(60, 0, -1):
            if (d + i) % 4:
                say(pupil, world.choice_q if d % 2 else world.numeric_q, (d + i) % 3 != 0, d + 0.3)
    now = timezone.now()
    # Five days ago falls in the last whole week on a Monday to a Thursday (see params_for).
    reflected = (
        (50, "x"),
        (20, "I learned to factor " * 3),
        (5, "x y"),
        (3, "a b c d e f g h i j k"),
    )
    for d, text in reflected:
        for student in (world.alice, pupils[0]):
            Reflection.objects.create(
                student=student,
                exercise=world.exercise,
                subject=world.math,
                what_i_learned=text,
                what_was_challenging=text,
                created_at=now - timedelta(days=d),
            )


# A period read as of today holds this many days at least, or the one before it is read: the
# history's last practice is a day and more ago, so on a Monday "this week" holds none of it
# (and on the first days of a term, "this term" too little).
SHORTEST_PERIOD_DAYS = 5


def params_for(world, key: str) -> dict:
    """Class A's metrics parameters for teacher A over the period `key` (a custom one: the
    last 46 days), or over the last whole one of its kind when this one has barely begun."""
    today = timezone.localdate()
    period = mr.period_for(key, today=today, start=today - timedelta(days=45), end=today)
    if (period.end - period.start).days + 1 < SHORTEST_PERIOD_DAYS:
        period = mr.period_for(key, today=period.start - timedelta(days=1))
    scope = teacher_scope(teacher=world.teacher_a, class_id=world.class_a.pk)
    students = sorted(
        Enrollment.objects.filter(school_class=world.class_a).values_list("student_id", flat=True)
    )
    skills = list(
        Skill.objects.filter(subject_id__in=scope.subject_ids).values_list("pk", flat=True)
    )
    return metrics.query_params(
        scope=scope, students=students, skills=skills, period=period, now=timezone.now()
    )


def test_the_python_reads_equal_the_sql_ones(world):
    _history(world)
    for key in (mr.WEEK, mr.FOUR_WEEKS, mr.TERM, mr.CUSTOM):  # one history: it takes a while
        params = params_for(world, key)
        found = 0
        for name in QUERIES:
            with connection.cursor() as cursor:
                cursor.execute(getattr(metrics_sql, name), params)
                expected = _plain(cursor.fetchall())
            assert _plain(getattr(metrics_portable, name.lower())(params)) == expected, (key, name)
            found += bool(expected)
        # Not a comparison of empty results: most reads found rows on this history.
        assert found >= 2, key
