"""The demo pupils' reflections: on exercises they practised, read by their own teachers."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from leaderboards import rules as board_rules
from leaderboards import selectors as boards
from mastery.models import Attempt
from reflections.models import Reflection
from schools.models import TeachingAssignment
from tests.demo_school import seed_demo_school

pytestmark = pytest.mark.django_db

ANCHOR = "2026-11-25"


def written() -> list[tuple]:
    """The demo's reflections in terms that survive a rebuild (tests/demo/test_seed_demo.py
    checks a reset writes them again)."""
    rows = Reflection.objects.select_related("student", "exercise").order_by("pk")
    return [(r.student.username, r.exercise.title, r.what_i_learned) for r in rows]


def test_demo_reflections_are_believable():
    seed_demo_school(ANCHOR)
    rows = list(Reflection.objects.select_related("student", "exercise__skill").order_by("pk"))
    assert len(rows) >= 50
    for reflection in rows:
        # Written a few minutes after practising that exercise.
        assert Attempt.objects.filter(
            student=reflection.student,
            exercise=reflection.exercise,
            answered_at__lt=reflection.created_at,
            answered_at__gte=reflection.created_at - timedelta(minutes=10),
        ).exists()
        assert reflection.subject_id == reflection.exercise.skill.subject_id
        if reflection.teacher_read_by_id:
            assert TeachingAssignment.objects.filter(
                teacher_id=reflection.teacher_read_by_id,
                subject_id=reflection.subject_id,
                school_class__enrollments__student=reflection.student,
            ).exists()
        if reflection.feedback or reflection.encouragement_preset:
            assert reflection.feedback_by_id == reflection.teacher_read_by_id
            assert reflection.feedback_at is not None
    assert any(r.feedback for r in rows) and any(r.encouragement_preset for r in rows)
    assert any(r.teacher_read_at is None for r in rows)  # some still waiting in the inbox

    # The reflection-quality board has something to show in the demo.
    viewer = User.objects.get(username="student01")
    now = datetime.combine(
        datetime.fromisoformat(ANCHOR).date(), time(8), timezone.get_current_timezone()
    )
    scope = boards.board_scopes(user=viewer)[0]
    board = boards.board(
        viewer=viewer,
        scope=scope,
        metric=board_rules.REFLECTION_QUALITY,
        period=board_rules.MONTHLY,
        now=now,
    )
    assert board.is_open and board.entries
