"""mastery_rebuild: progress, daily snapshots and unlocks recomputed from the attempt log equal
what the live path wrote, and a second run changes nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from mastery import rules, services
from mastery.models import (
    Attempt,
    Exercise,
    MasterySnapshot,
    Question,
    SkillProgress,
    SkillUnlock,
)
from mastery.rebuild import mastery_rebuild
from tests.factories import correct_choice, make_exercise, wrong_choice

pytestmark = pytest.mark.django_db


def rows():
    """Every mastery row, without primary keys."""
    progress = sorted(
        SkillProgress.objects.values_list(
            "student_id",
            "skill_id",
            "p_known",
            "attempts",
            "correct",
            "questions_seen",
            "half_life_days",
            "first_practiced_at",
            "last_practiced_at",
            "sessions",
            "last_session_day",
            "level_correct",
            "sitting_day",
        )
    )
    snapshots = sorted(
        MasterySnapshot.objects.values_list(
            "student_id",
            "skill_id",
            "day",
            "p_known",
            "half_life_days",
            "last_practiced_at",
            "attempts",
            "sessions",
            "level_correct",
            "gap_days",
        )
    )
    unlocks = sorted(
        SkillUnlock.objects.values_list("student_id", "skill_id", "unlocked_at", "opened_by_id")
    )
    return progress, snapshots, unlocks


def report(world, student, question, *, correct, at, variant=0, hint=False):
    """An answer timed by a trusted caller (as the host platform's API does), at `at`."""
    return services.attempt_record(
        student=student,
        question=question,
        answer="",
        source=Attempt.Source.HOST,
        correct=correct,
        time_spent_ms=20_000,
        hint_used=hint,
        answered_at=at,
        variant=variant,
    )


@pytest.fixture
def history(world):
    """Two students, three days, fresh items, repeats, variants, hints, wrong answers, a late
    report, practice answers graded by the server, and enough to unlock the next skill."""
    hard = Exercise.objects.create(
        skill=world.skills[0], title="Harder", difficulty="advanced", position=2
    )
    template = Question.objects.create(
        exercise=hard,
        kind=Question.Kind.NUMERIC,
        prompt="{a} x 3",
        params={"vars": {"a": {"min": 2, "max": 9}}},
        answer_formula="a * 3",
    )
    extra = [template] + [
        Question.objects.create(
            exercise=hard, kind=Question.Kind.NUMERIC, prompt=f"{n} x 3", numeric_answer=3 * n
        )
        for n in range(2, 6)
    ]
    second_exercise, second_choice, _ = make_exercise(world.skills[1], "Times tables")
    start = timezone.now() - timedelta(days=3)
    for student in (world.alice, world.bilal):
        at = start
        for i, question in enumerate([world.choice_q, *extra]):
            at += timedelta(minutes=2)
            report(world, student, question, correct=i != 1, at=at, hint=i == 2)
        at += timedelta(minutes=1)
        report(world, student, world.choice_q, correct=True, at=at)  # an immediate repeat
        at += timedelta(days=1, hours=2)
        for variant in (11, 12, 11):  # the template: two variants, one answered twice
            at += timedelta(minutes=3)
            report(world, student, extra[0], correct=True, at=at, variant=variant)
        # A late report from before the last practice: counted at the last practice.
        report(world, student, extra[1], correct=True, at=at - timedelta(hours=5))
        at += timedelta(days=1)
        report(world, student, second_choice, correct=False, at=at)
    for value in (correct_choice(world.choice_q).pk, wrong_choice(world.choice_q).pk):
        services.attempt_record(student=world.alice, question=world.choice_q, answer=str(value))
    services.attempt_record(student=world.alice, question=world.numeric_q, answer="7")
    return world


def test_rebuild_equals_the_live_path_and_changes_nothing(history):
    live = rows()
    assert SkillUnlock.objects.filter(skill=history.skills[1]).count() == 2  # there is one
    assert {snapshot[-1] for snapshot in live[1]} >= {None, 1}  # first days, then next days
    summary = mastery_rebuild()
    assert rows() == live
    assert (summary.written, summary.deleted) == (0, 0)
    assert summary.attempts == Attempt.objects.count()
    assert summary.progress == SkillProgress.objects.count()
    assert summary.snapshots == MasterySnapshot.objects.count()
    again = mastery_rebuild()
    assert rows() == live and (again.written, again.deleted) == (0, 0)


def test_rebuild_repairs_what_drifted_and_keeps_teacher_openings(history):
    live = rows()
    alice = history.alice
    SkillProgress.objects.filter(student=alice, skill=history.skills[0]).update(
        p_known=0.99, sessions=0, level_correct=[]
    )
    MasterySnapshot.objects.filter(student=alice).order_by("day").first().delete()
    MasterySnapshot.objects.create(
        student=alice,
        skill=history.skills[2],
        day=timezone.localdate() - timedelta(days=40),
        p_known=0.5,
        half_life_days=14,
        last_practiced_at=timezone.now() - timedelta(days=40),
        attempts=3,
    )
    SkillUnlock.objects.filter(student=alice, skill=history.skills[1]).delete()
    SkillUnlock.objects.create(  # a stale unlock nothing in the log explains
        student=history.chloe, skill=history.skills[2], unlocked_at=timezone.now()
    )
    opened = SkillUnlock.objects.create(
        student=history.bilal,
        skill=history.skills[2],
        unlocked_at=timezone.now(),
        opened_by=history.teacher_a,
    )
    summary = mastery_rebuild()
    progress, snapshots, unlocks = rows()
    assert (progress, snapshots) == live[:2]
    expected_unlocks = sorted(
        [
            *live[2],
            (history.bilal.pk, history.skills[2].pk, opened.unlocked_at, history.teacher_a.pk),
        ]
    )
    assert unlocks == expected_unlocks
    assert summary.openings_kept == 1 and summary.written == 3 and summary.deleted == 2
    assert (mastery_rebuild().written, mastery_rebuild().deleted) == (0, 0)


def test_rebuild_applies_the_current_rules(history, monkeypatch):
    """After a rule change the stored numbers follow the new rules, and match a fresh fold."""
    before = SkillProgress.objects.get(student=history.alice, skill=history.skills[0]).p_known
    monkeypatch.setattr(rules, "SPACED_REPEAT_WEIGHT", 1.0)
    monkeypatch.setattr(rules, "REPEAT_DECAY", 0.9)
    assert mastery_rebuild().written > 0
    after = SkillProgress.objects.get(student=history.alice, skill=history.skills[0]).p_known
    assert after != before
    assert mastery_rebuild().written == 0


def test_rebuild_of_some_students_leaves_the_others_alone(history):
    SkillProgress.objects.update(p_known=0.5)
    mastery_rebuild(student_ids=[history.alice.pk])
    assert set(
        SkillProgress.objects.filter(student=history.bilal).values_list("p_known", flat=True)
    ) == {0.5}
    assert 0.5 not in set(
        SkillProgress.objects.filter(student=history.alice).values_list("p_known", flat=True)
    )


def test_command_prints_its_summary(history, capsys):
    call_command("mastery_rebuild", "alice", "bilal", "--batch-size", "1")
    out = capsys.readouterr().out
    assert out.startswith("Rebuilt mastery for 2 students from ")
    assert "0 rows written, 0 deleted." in out
