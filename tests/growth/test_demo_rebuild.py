"""The bulk rebuild on the demo school: fast enough for seed_demo, and believable results.

The school is seeded once for the module inside a transaction rolled back at the end.
"""

import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from demo import people
from demo.simulate import assign_profiles
from growth import rules
from growth.models import GrowthState, PersonalBest, Recognition, RushingFlag
from growth.services import growth_rebuild_for_students
from mastery.models import Attempt
from tests.demo_school import demo_school_for_module

ANCHOR = "2026-11-25"
# Generous for a shared CI machine; the rebuild takes about a second on the demo school.
REBUILD_SECONDS = 15

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rebuilt(django_db_setup, django_db_blocker):
    with demo_school_for_module(django_db_blocker, ANCHOR):
        ids = list(
            User.objects.filter(username__in=[s.username for s in people.STUDENTS]).values_list(
                "pk", flat=True
            )
        )
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            summary = growth_rebuild_for_students(student_ids=ids)
        elapsed = time.monotonic() - started
        print(f"\nrebuild: {summary} in {elapsed:.2f} s, {len(queries)} queries")
        yield summary, elapsed, len(queries), ids


def _by_profile(ids):
    profiles = dict(zip(people.STUDENTS, assign_profiles(len(people.STUDENTS)), strict=True))
    users = dict(User.objects.filter(pk__in=ids).values_list("username", "pk"))
    return {users[s.username]: profile for s, (profile, _) in profiles.items()}


def test_rebuild_is_fast_and_runs_few_queries(rebuilt):
    summary, elapsed, queries, ids = rebuilt
    assert summary.students == len(people.STUDENTS) == len(ids)
    assert summary.attempts == Attempt.objects.filter(student_id__in=ids).count() > 10_000
    assert elapsed < REBUILD_SECONDS
    # Deletes, four reads, and batched inserts: not one query per attempt or student.
    assert queries < 60


def test_every_student_gets_a_growth_state_and_records(rebuilt):
    _, _, _, ids = rebuilt
    assert GrowthState.objects.filter(student_id__in=ids).count() == len(ids)
    with_scores = set(
        PersonalBest.objects.filter(metric=rules.EXERCISE_SCORE).values_list(
            "student_id", flat=True
        )
    )
    assert with_scores == set(ids)
    assert PersonalBest.objects.exclude(previous_value=None).exists()
    kinds = set(Recognition.objects.values_list("kind", flat=True))
    assert kinds >= {
        rules.SELF_CORRECTION,
        rules.PERSISTENCE,
        rules.FACED_CHALLENGE,
        rules.PRACTICED_REGULARLY,
        rules.IMPROVED_STRATEGY,
    }


def test_the_rushing_pupil_is_flagged_and_earns_little(rebuilt):
    _, _, _, ids = rebuilt
    profile = _by_profile(ids)
    flagged = set(RushingFlag.objects.values_list("student_id", flat=True))
    rushers = {pk for pk, name in profile.items() if name == "rushing"}
    assert rushers and rushers <= flagged
    # Careful pupils are (almost) never flagged.
    careful = {pk for pk, name in profile.items() if name != "rushing"}
    assert len(flagged & careful) <= 2
    per_student = Counter(Recognition.objects.values_list("student_id", flat=True))
    improving = [per_student[pk] for pk, name in profile.items() if name == "improving"]
    for pk in rushers:
        assert per_student[pk] < sorted(improving)[len(improving) // 2]


def test_caps_hold_in_the_rebuilt_history(rebuilt):
    per_day = Counter(
        (student_id, timezone.localdate(at))
        for student_id, at in Recognition.objects.values_list("student_id", "achieved_at")
    )
    assert max(per_day.values()) <= rules.RECOGNITIONS_PER_DAY
    per_exercise = Counter(Recognition.objects.values_list("student_id", "kind", "exercise_id"))
    assert max(per_exercise.values()) == 1
