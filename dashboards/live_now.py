"""What is live now in a teacher's classes: group sessions, peer-help chats and friendly
challenges, each to open read-only (those pages let teachers of the class observe)."""

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import User
from challenges.models import Challenge
from challenges.selectors import class_live_challenges
from collaboration.models import GroupSession
from collaboration.selectors import open_session_groups
from peerhelp.models import HelpRequest
from schools.selectors import teacher_reads_class_items


@dataclass
class LiveNow:
    groups: list[GroupSession] = field(default_factory=list)
    help_chats: list[HelpRequest] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.groups) + len(self.help_chats) + len(self.challenges)


def teacher_live_now(*, teacher: User) -> LiveNow:
    # The visibility rule (schools.selectors): the teacher's classes, in their subjects.
    sessions = list(
        GroupSession.objects.filter(
            teacher_reads_class_items(
                teacher=teacher,
                class_field="group__school_class_id",
                subject_field="group__subject_id",
            ),
            ended_at=None,
            group__is_active=True,
        )
        .select_related("group", "group__school_class", "group__subject")
        .order_by("started_at")
    )
    # An open session with nobody left in the room is not live: presence decides.
    present = open_session_groups(group_ids=[s.group_id for s in sessions], now=timezone.now())
    chats = list(
        HelpRequest.objects.filter(
            teacher_reads_class_items(
                teacher=teacher, class_field="school_class_id", subject_field="skill__subject_id"
            ),
            status=HelpRequest.Status.ACCEPTED,
        )
        .select_related("requester", "helper", "skill", "school_class")
        .order_by("accepted_at")
    )
    return LiveNow(
        groups=[s for s in sessions if s.group_id in present],
        help_chats=chats,
        challenges=list(class_live_challenges(teacher=teacher)),
    )
