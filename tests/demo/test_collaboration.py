"""The demo school has study groups with past sessions, all consistent with the rules."""

import pytest

from collaboration import selectors
from collaboration.models import (
    GroupAttendance,
    GroupGoal,
    GroupMembership,
    GroupSession,
    StudyGroup,
)
from demo.seeders.collaboration import group_specs
from schools.models import Enrollment, TeachingAssignment
from tests.demo_school import demo_school_for_module

pytestmark = pytest.mark.django_db

ANCHOR = "2026-11-25"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo school for the whole module, rolled back at its end."""
    with demo_school_for_module(django_db_blocker, ANCHOR):
        yield


def test_demo_groups_live_in_their_class_and_subject(seeded):
    specs = group_specs()
    assert StudyGroup.objects.count() == len(specs)
    assert GroupSession.objects.count() == sum(len(spec.sessions) for spec in specs)
    for group in StudyGroup.objects.all():
        assert TeachingAssignment.objects.filter(
            school_class=group.school_class, subject=group.subject
        ).exists()
        members = GroupMembership.objects.filter(group=group).values_list("student", flat=True)
        assert 2 <= len(members) <= group.max_members
        assert Enrollment.objects.filter(
            student__in=members, school_class=group.school_class
        ).count() == len(members)
        assert selectors.goals_progress(group=group)
        # Goals match the group: on its subject, the first on the skill it focuses on.
        goals = list(GroupGoal.objects.filter(group=group).order_by("pk"))
        assert goals[0].skill == group.focus_skill
        assert all(goal.skill.subject_id == group.subject_id for goal in goals)
    for session in GroupSession.objects.all():
        assert session.ended_at and 30 * 60 <= session.duration_seconds <= 60 * 60
        attendees = GroupAttendance.objects.filter(session=session).values_list(
            "student", flat=True
        )
        assert set(attendees) <= set(
            GroupMembership.objects.filter(group=session.group).values_list("student", flat=True)
        )
        record = selectors.session_record(session=session)
        assert record["exercises"] and record["insights"] and record["reflections"]


def test_maths_groups_aim_at_the_skills_they_are_named_for(seeded):
    """ "Les polynômes ensemble" works on polynomials, not on addition and subtraction."""
    group = StudyGroup.objects.get(name="Les polynômes ensemble")
    assert group.subject.code == "MATH101"
    assert [g.skill.code for g in GroupGoal.objects.filter(group=group).order_by("pk")] == [
        "polynomials",
        "equations",
    ]
    assert GroupGoal.objects.filter(group=group).first().target_mastery == 80
