"""The attempt path's cost does not grow with a student's history (issue 9: the 100 vs
100,000 prior-attempt ratio stays <= 1.2 in bench/attempt_cost.py; here its cause, checked
on every run): recording an answer runs the same statements for a student with a handful of
prior attempts as for one with thousands, so no read walks the log."""

import difflib
import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mastery import content, services
from mastery.models import Attempt, Question
from mastery.rebuild import mastery_rebuild
from tests.factories import correct_choice

pytestmark = pytest.mark.django_db

SMALL, LARGE = 12, 3_000
BANK = 40


def _bank(world) -> list[Question]:
    return [
        Question.objects.create(
            exercise=world.exercise,
            kind=Question.Kind.NUMERIC,
            prompt=f"{n} + 1 = ?",
            position=10 + n,
            numeric_answer=Decimal(n + 1),
        )
        for n in range(BANK)
    ]


def _history(student, bank: list[Question], count: int) -> None:
    """`count` answers over the bank in the last eight weeks, 70% right, folded into
    progress, snapshots and unlocks as the live path would have left them."""
    rng = random.Random(count)
    now = timezone.now()
    tries: dict[int, int] = {}
    rows = []
    for i in range(count):
        question = bank[i % len(bank)]
        tries[question.pk] = tries.get(question.pk, 0) + 1
        rows.append(
            Attempt(
                student=student,
                question=question,
                exercise=question.exercise,
                skill=question.exercise.skill,
                answer="0",
                correct=rng.random() < 0.7,
                attempt_number=tries[question.pk],
                time_spent_ms=20_000,
                source=Attempt.Source.HOST,
                answered_at=now - timedelta(weeks=8) * (count - i) / count - timedelta(hours=1),
            )
        )
    Attempt.objects.bulk_create(rows, batch_size=1000)


def _statements(student, question: Question, answer: str) -> list[str]:
    services.question_serve(student=student, question=question)
    # The question's content is read once per process (mastery.content), not per history.
    content.question_content(question.pk)
    with CaptureQueriesContext(connection) as captured:
        services.attempt_record(student=student, question=question, answer=answer)
    # The shapes of the statements on mastery's tables (ids, numbers and times differ
    # between the two students; growth's records depend on each one's past bests).
    return [
        re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", q["sql"])
        for q in captured.captured_queries
        if '"mastery_' in q["sql"]
    ]


def _reads_of_the_log(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("SELECT") and 'FROM "mastery_attempt"' in s]


def test_recording_an_answer_costs_the_same_whatever_the_history(world):
    bank = _bank(world)
    _history(world.alice, bank, SMALL)
    _history(world.bilal, bank, LARGE)
    mastery_rebuild(student_ids=[world.alice.pk, world.bilal.pk])
    right = str(correct_choice(world.choice_q).pk)
    small = _statements(world.alice, world.choice_q, right)
    large = _statements(world.bilal, world.choice_q, right)
    assert small == large, "\n".join(difflib.unified_diff(small, large, lineterm=""))
    # Each read of the attempt log is one aggregate row, whatever its length.
    assert _reads_of_the_log(large)
    for read in _reads_of_the_log(large):
        assert "COUNT(" in read or " LIMIT " in read, read
    # And a repeat, which reads the item's history: still the same statements.
    assert _statements(world.alice, bank[0], "1") == _statements(world.bilal, bank[0], "1")
