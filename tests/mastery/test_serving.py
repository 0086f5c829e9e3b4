"""The skill practice queue: what comes next, and that it never runs out."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mastery import rules, selectors, services, serving
from mastery.models import Attempt, Exercise, Question
from tests.factories import make_template

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def item(pk, level=0, *, template=False, answers=0, correct=0, ago=None):
    last = None if ago is None else NOW - ago
    return serving.Item(pk, level, template, answers, correct, last, (pk,))


def order(items, percent=0, top_level=3):
    return [
        i.question_id for i in serving.order(items, now=NOW, percent=percent, top_level=top_level)
    ]


def test_unseen_fixed_items_first_at_the_level_that_fits():
    items = [
        item(1, 0),
        item(2, 1),
        item(3, 2),
        item(4, 3),
        item(5, 1, answers=1, ago=timedelta(days=3)),
    ]
    assert order(items, percent=10) == [1, 2, 3, 4, 5]  # a beginner: beginner items first
    # Developing: intermediate and advanced first, then the skipped easier one, then expert.
    assert order(items, percent=55) == [2, 3, 1, 4, 5]
    assert order(items, percent=95) == [4, 3, 2, 1, 5]


def test_templates_come_after_unseen_items_as_fresh_evidence():
    items = [item(1, template=True, answers=6, correct=6, ago=timedelta(hours=1)), item(2)]
    plan = serving.plan(items, now=NOW, percent=0, top_level=3, limit=2)
    assert [i.question_id for i, _ in plan] == [2, 1]
    assert plan[1][1] == rules.Evidence(level=0)  # a fresh variant: no exposures, full weight


def test_spaced_repeats_longest_ago_then_weakest_first():
    items = [
        item(1, answers=2, correct=2, ago=timedelta(days=2, hours=1)),
        item(2, answers=2, correct=0, ago=timedelta(days=2, hours=5)),
        item(3, answers=2, correct=1, ago=timedelta(days=9)),
        item(4, answers=2, correct=1, ago=timedelta(days=2, hours=3)),
    ]
    # 9 days ago first; then, among those answered two days ago, the weakest first.
    assert order(items) == [3, 2, 4, 1]


def test_immediate_repeats_come_last_and_the_item_just_answered_last_of_all():
    items = [
        item(1, answers=1, correct=0, ago=timedelta(minutes=1)),
        item(2, answers=1, correct=1, ago=timedelta(hours=3)),
        item(3, answers=3, correct=1, ago=timedelta(days=4)),
        item(4, template=True, answers=1, ago=timedelta(minutes=5)),
        item(5, template=True, answers=1, ago=timedelta(days=5)),
        item(6),
    ]
    assert order(items) == [6, 5, 3, 4, 2, 1]


def test_evidence_of_repeats_counts_exposures_and_spacing():
    spaced = item(1, 2, answers=3, correct=2, ago=timedelta(days=3))
    recent = item(2, 1, answers=1, correct=1, ago=timedelta(minutes=3))
    assert spaced.evidence(NOW) == rules.Evidence(level=2, exposures=3, spaced=True)
    assert recent.evidence(NOW) == rules.Evidence(level=1, exposures=1, spaced=False)


def test_the_plan_never_runs_out_while_the_skill_has_a_question():
    assert serving.plan([], now=NOW, percent=0, top_level=3, limit=5) == []
    single = serving.plan([item(1)], now=NOW, percent=0, top_level=3, limit=4)
    assert [i.question_id for i, _ in single] == [1, 1, 1, 1]
    assert [e.exposures for _, e in single] == [0, 1, 2, 3]  # repeats weigh less and less
    rotating = serving.plan(
        [item(1), item(2), item(3, template=True)], now=NOW, percent=0, top_level=3, limit=7
    )
    # Once the fixed items are answered, the template's fresh variants come before any
    # immediate repeat of a fixed item.
    assert [i.question_id for i, _ in rotating] == [1, 2, 3, 3, 3, 3, 3]
    assert all(e == rules.Evidence() for _, e in rotating)


def test_fit_level_follows_the_displayed_level_and_the_skill_top():
    assert [serving.fit_level(p) for p in (0, 39, 40, 69, 70, 89, 90, 100)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]
    assert serving.fit_level(95, top_level=1) == 1


# --- the selectors over the database ---------------------------------------------------------


@pytest.fixture
def bank(world):
    """The Addition skill with a beginner exercise (2 fixed), an advanced one (1 fixed) and a
    template."""
    advanced = Exercise.objects.create(
        skill=world.skills[0], title="Harder", difficulty="advanced", position=2
    )
    hard_q = Question.objects.create(
        exercise=advanced, kind="numeric", prompt="12 × 12 = ?", numeric_answer=144, position=1
    )
    template = make_template(world.exercise)
    return world, hard_q, template


@pytest.mark.django_db
def test_skill_queue_orders_the_bank_and_reads_in_three_queries(bank):
    world, hard_q, template = bank
    skill = world.skills[0]
    with CaptureQueriesContext(connection) as fresh:
        queue = selectors.skill_queue(student=world.alice, skill=skill, limit=6)
    assert [(q.pk, t) for q, t, _ in queue[:4]] == [
        (world.choice_q.pk, False),
        (world.numeric_q.pk, False),
        (hard_q.pk, False),
        (template.pk, True),
    ]
    assert all(e == rules.Evidence(level=q.exercise.level) for q, _, e in queue[:4])
    for _ in range(3):
        services.attempt_record(student=world.alice, question=world.numeric_q, answer="7")
    right = world.choice_q.choices.get(is_correct=True)
    services.attempt_record(student=world.alice, question=world.choice_q, answer=str(right.pk))
    Attempt.objects.filter(question=world.choice_q).update(
        answered_at=timezone.now() - timedelta(days=3)
    )
    with CaptureQueriesContext(connection) as later:
        queue = selectors.skill_queue(student=world.alice, skill=skill, limit=6)
    assert len(fresh) == len(later) == 3
    ids = [q.pk for q, _, _ in queue]
    assert ids[:3] == [hard_q.pk, template.pk, world.choice_q.pk]  # unseen, template, spaced
    assert queue[2][2] == rules.Evidence(level=0, exposures=1, spaced=True)
    # Answered just now, numeric_q is an immediate repeat: fresh variants come before it.
    assert ids[3:] == [template.pk] * 3
    evidence = selectors.upcoming_evidence(student=world.alice, skill=skill, limit=6)
    assert evidence == [e for _, _, e in queue]


@pytest.mark.django_db
def test_a_skill_with_one_answered_question_still_has_a_next_one(world):
    skill = world.skills[1]
    exercise = Exercise.objects.create(skill=skill, title="Times", position=1)
    only = Question.objects.create(
        exercise=exercise, kind="numeric", prompt="3 × 4 = ?", numeric_answer=12
    )
    for _ in range(5):
        services.attempt_record(student=world.alice, question=only, answer="12")
    queue = selectors.skill_queue(student=world.alice, skill=skill, limit=3)
    assert [q.pk for q, _, _ in queue] == [only.pk] * 3
    assert queue[0][2].exposures == 5
    assert selectors.skill_queue(student=world.alice, skill=world.skills[2], limit=3) == []
