"""growth_rebuild_for_students: the bulk replay writes what the live hook wrote."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from growth import rules
from growth.models import GrowthState, PersonalBest, Recognition, RushingFlag
from growth.services import growth_rebuild_for_students
from tests.growth.helpers import answer, local_noon, numeric_exercise, run_through

pytestmark = pytest.mark.django_db


def snapshot(student_ids):
    bests = sorted(
        PersonalBest.objects.filter(student_id__in=student_ids).values_list(
            "student_id",
            "metric",
            "exercise_id",
            "skill_id",
            "period",
            "value",
            "previous_value",
            "achieved_at",
            "updated_at",
        ),
        key=str,
    )
    moments = sorted(
        Recognition.objects.filter(student_id__in=student_ids).values_list(
            "student_id", "kind", "exercise_id", "skill_id", "question_id", "params", "achieved_at"
        ),
        key=str,
    )
    flags = sorted(
        RushingFlag.objects.filter(student_id__in=student_ids).values_list(
            "student_id", "day", "answers", "wrong", "first_at", "last_at"
        )
    )
    states = {g.student_id: g.state for g in GrowthState.objects.filter(student_id__in=student_ids)}
    return bests, moments, flags, states


def live_history(world):
    """A few days of varied practice by Alice and Bilal, recorded live."""
    today = timezone.localdate()
    sheet, questions = numeric_exercise(world.skills[0], questions=4, title="Sheet")
    hard, hard_qs = numeric_exercise(world.skills[0], questions=3, difficulty="advanced")
    extra, extra_qs = numeric_exercise(world.skills[0], questions=24, title="Long")
    for student in (world.alice, world.bilal):
        day = lambda n: local_noon(today - timedelta(days=n))  # noqa: E731
        run_through(student, questions, wrong_first=3, hints=2, at=day(4))
        answer(student, hard_qs[0], correct=False, at=day(4))
        answer(student, hard_qs[0], correct=False, at=day(4) + timedelta(minutes=1))
        run_through(student, questions, wrong_first=1, at=day(3))
        for i, q in enumerate(extra_qs[:12]):
            answer(student, q, correct=i % 3 > 0, seconds=15, at=day(3))
        answer(student, hard_qs[0], at=day(2))  # came back: persistence
        answer(student, hard_qs[1], seconds=80, at=day(2))
        for q in extra_qs[12:20]:
            answer(student, q, correct=False, seconds=2, at=day(1))  # rushing
        for q in extra_qs[20:]:
            answer(student, q, seconds=25)
        run_through(student, questions)


def test_rebuild_reproduces_what_the_live_hook_recorded(world):
    live_history(world)
    ids = [world.alice.pk, world.bilal.pk]
    live = snapshot(ids)
    bests, moments, flags, _ = live
    kinds = {m[1] for m in moments}
    assert {rules.SELF_CORRECTION, rules.PERSISTENCE, rules.FACED_CHALLENGE} <= kinds
    assert {b[1] for b in bests} >= {rules.EXERCISE_SCORE, rules.ACCURACY_RATE}
    assert flags

    summary = growth_rebuild_for_students(student_ids=ids)

    assert snapshot(ids) == live
    assert summary.students == 2
    assert summary.personal_bests == len(bests) and summary.recognitions == len(moments)


def test_rebuild_replaces_and_leaves_other_students_alone(world):
    live_history(world)
    chloe_before = snapshot([world.chloe.pk])
    alice_before = snapshot([world.alice.pk])
    PersonalBest.objects.filter(student=world.alice).update(value=1, previous_value=None)
    growth_rebuild_for_students(student_ids=[world.alice.pk])
    growth_rebuild_for_students(student_ids=[world.alice.pk])  # idempotent
    assert snapshot([world.alice.pk]) == alice_before
    assert snapshot([world.chloe.pk]) == chloe_before


def test_rebuild_of_students_without_history(world):
    summary = growth_rebuild_for_students(student_ids=[world.chloe.pk])
    assert (summary.students, summary.attempts, summary.personal_bests) == (1, 0, 0)
    assert growth_rebuild_for_students(student_ids=[]).students == 0


def test_rebuild_command(world):
    live_history(world)
    before = snapshot([world.alice.pk])
    Recognition.objects.all().delete()
    out = StringIO()
    call_command("growth_rebuild", "alice", stdout=out)
    assert "Rebuilt 1 students" in out.getvalue()
    assert snapshot([world.alice.pk]) == before
    with pytest.raises(CommandError):
        call_command("growth_rebuild", "nobody", stdout=out)
