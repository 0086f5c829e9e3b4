"""The demo school's peer help: willing helpers and finished sessions that agree with mastery."""

import pytest

from mastery.models import SkillProgress
from mastery.selectors import progress_displayed
from peerhelp import rules, selectors
from peerhelp.models import HelperAvailability, HelpMessage, HelpRequest
from schools.models import Enrollment, TeachingAssignment
from tests.demo_school import demo_school_for_module

ANCHOR = "2026-11-25"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with demo_school_for_module(django_db_blocker, ANCHOR):
        yield


def mastered(student_id, skill_id) -> bool:
    row = SkillProgress.objects.filter(student_id=student_id, skill_id=skill_id).first()
    return row is not None and rules.can_help_with(
        shown=progress_displayed(row, top_level=row.skill.top_level)
    )


def digest() -> list[tuple]:
    """The demo's help sessions in terms that survive a rebuild (checked after a reset by
    tests/demo/test_seed_demo.py)."""
    return list(
        HelpRequest.objects.order_by("created_at", "school_class__name").values_list(
            "requester__username",
            "helper__username",
            "skill__code",
            "topic",
            "rating",
            "created_at",
        )
    )


@pytest.mark.django_db
def test_every_demo_session_pairs_a_willing_master_with_a_classmate_still_learning(seeded):
    sessions = list(HelpRequest.objects.all())
    assert sessions
    assert len(sessions) == 8
    assert HelperAvailability.objects.filter(is_available=True).count() == 16
    for session in sessions:
        assert session.status == HelpRequest.Status.COMPLETED
        assert mastered(session.helper_id, session.skill_id)
        assert not mastered(session.requester_id, session.skill_id)
        assert selectors.is_available(student=session.helper)
        for student in (session.helper_id, session.requester_id):
            assert Enrollment.objects.filter(
                student_id=student, school_class=session.school_class
            ).exists()
        assert TeachingAssignment.objects.filter(
            school_class=session.school_class, subject_id=session.skill.subject_id
        ).exists()
        lines = list(HelpMessage.objects.filter(request=session).order_by("pk"))
        assert len(lines) >= 4
        assert [m.author_id for m in lines[:2]] == [session.requester_id, session.helper_id]
        assert all(a.sent_at < b.sent_at for a, b in zip(lines, lines[1:], strict=False))
        assert session.accepted_at < lines[0].sent_at and lines[-1].sent_at < session.completed_at
    assert HelpRequest.objects.filter(acknowledged_at__isnull=False).count() == 2
    helper = sessions[0].helper
    assert selectors.recognition(student=helper).level is not None
