"""The student's community impact this week: help given and received, study-group sessions.

The spec's "Community Impact" card. Counts, never a ranking: it tells a student what their
help meant, and the helper recognition (level and badges) comes from peer help's own rules.
Four queries whatever the history.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q

from accounts.models import User
from collaboration.models import GroupAttendance
from peerhelp import rules as help_rules
from peerhelp.models import HelpRequest
from peerhelp.selectors import helper_records

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class CommunityImpact:
    helped: int  # distinct classmates helped this week
    was_helped: int  # distinct peers who helped this student this week
    group_sessions: int
    level: str | None
    badges: list[str] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return help_rules.LEVEL_LABELS.get(self.level, "")

    @property
    def badge_labels(self) -> list[str]:
        return [help_rules.BADGE_LABELS[b] for b in self.badges]

    @property
    def is_empty(self) -> bool:
        return not (self.helped or self.was_helped or self.group_sessions or self.level)


def community_impact(*, student: User, now: datetime) -> CommunityImpact:
    since = now - WEEK
    week = HelpRequest.objects.filter(
        status=HelpRequest.Status.COMPLETED, completed_at__gte=since
    ).aggregate(
        helped=Count("requester", distinct=True, filter=Q(helper=student)),
        was_helped=Count("helper", distinct=True, filter=Q(requester=student)),
    )
    sessions = GroupAttendance.objects.filter(
        student=student, session__started_at__gte=since
    ).count()
    record = helper_records(student_ids=[student.pk])[student.pk]
    return CommunityImpact(
        helped=week["helped"],
        was_helped=week["was_helped"],
        group_sessions=sessions,
        level=help_rules.level(record),
        badges=list(help_rules.badges(record)),
    )
