"""The demo school has study groups with past sessions, all consistent with the rules."""

import pytest

from collaboration import selectors
from collaboration.models import GroupAttendance, GroupMembership, GroupSession, StudyGroup
from schools.models import Enrollment, TeachingAssignment
from tests.demo.test_seed_demo import seeded  # noqa: F401 - the module's seeded school

pytestmark = pytest.mark.django_db


def test_demo_groups_live_in_their_class_and_subject(seeded):  # noqa: F811
    assert "3 study groups" in seeded and "7 group sessions" in seeded
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
