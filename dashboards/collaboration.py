"""Collaboration insights for the teacher's class view, in a fixed number of queries, from
the study-group and peer-help contract selectors."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import User
from collaboration.models import StudyGroup
from collaboration.selectors import active_group_ids, collaborating_student_ids
from peerhelp.models import HelpRequest
from peerhelp.selectors import help_given_counts, help_sessions_count
from schools.models import SchoolClass

WEEK = timedelta(days=7)
# "Not collaborating" looks back this far: long enough to be fair, short enough to act on.
QUIET_WINDOW = timedelta(days=28)


@dataclass(frozen=True)
class CollaborationInsights:
    help_sessions_week: int
    active_groups: int
    groups: int
    helpers_week: list[User]
    not_collaborating: list[User]
    students: int


def class_collaboration(
    *, school_class: SchoolClass, students: list[User], now: datetime, subject_ids: list[int]
) -> CollaborationInsights:
    """Scoped to `subject_ids` (the teacher's, or the one they chose): help on those subjects'
    skills, study groups of those subjects."""
    week, quiet = now - WEEK, now - QUIET_WINDOW
    ids = [s.pk for s in students]
    given_week = help_given_counts(student_ids=ids, since=week, subject_ids=subject_ids)
    # Both sides of the class's completed sessions in the window, in one query.
    pairs = HelpRequest.objects.filter(
        school_class=school_class,
        status=HelpRequest.Status.COMPLETED,
        completed_at__gte=quiet,
        skill__subject_id__in=subject_ids,
    ).values_list("requester_id", "helper_id")
    helped_or_helping = {pk for pair in pairs for pk in pair}
    in_groups = collaborating_student_ids(
        school_class=school_class, since=quiet, subject_ids=subject_ids
    )
    together = in_groups | helped_or_helping
    return CollaborationInsights(
        help_sessions_week=help_sessions_count(
            school_class=school_class, since=week, subject_ids=subject_ids
        ),
        active_groups=len(
            active_group_ids(school_class=school_class, since=week, subject_ids=subject_ids)
        ),
        groups=StudyGroup.objects.filter(
            school_class=school_class, is_active=True, subject_id__in=subject_ids
        ).count(),
        helpers_week=[s for s in students if given_week.get(s.pk)],
        not_collaborating=[s for s in students if s.pk not in together],
        students=len(students),
    )
