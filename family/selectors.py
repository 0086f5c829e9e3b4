"""Reads for a parent: which children they follow, and one child's week, in a fixed number
of queries (docs/privacy.md says what a parent may see)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import ParentLink, User
from growth.models import Recognition
from mastery.history import Point, Timeline
from mastery.models import Attempt, MasterySnapshot, Skill
from mastery.selectors import displayed_mastery
from peerhelp.models import HelpRequest
from reflections.models import Reflection

from . import rules


def children_of(*, parent: User) -> list[User]:
    """The active students this parent follows, by name."""
    if not parent.is_parent:
        return []
    links = (
        ParentLink.objects.filter(
            parent=parent, child__is_active=True, child__role=User.Role.STUDENT
        )
        .select_related("child")
        .order_by("child__first_name", "child__username")
    )
    return [link.child for link in links]


def child_for(*, parent: User, child_id: int) -> User | None:
    """The child if this parent follows them; None for anyone else (the view answers 404)."""
    if not parent.is_parent:
        return None
    return User.objects.filter(
        pk=child_id,
        is_active=True,
        role=User.Role.STUDENT,
        parent_links__parent=parent,
    ).first()


@dataclass
class GrownSkill:
    skill: Skill
    week: rules.SkillWeek


@dataclass
class HelpGiven:
    sessions: int = 0
    thanked: int = 0
    skills: list[str] = field(default_factory=list)


@dataclass
class ChildWeek:
    child: User
    since: datetime
    until: datetime
    grew: list[GrownSkill]
    kept_practising: list[GrownSkill]
    practice_days: int
    moments: list[Recognition]
    shared_reflections: list[Reflection]
    help: HelpGiven

    @property
    def newly_mastered(self) -> list[GrownSkill]:
        return [g for g in self.grew if g.week.newly_mastered]

    @property
    def is_quiet(self) -> bool:
        return not (self.grew or self.kept_practising or self.moments or self.help.sessions)


def _week_start(child: User, skills: list[Skill], since: datetime) -> Timeline:
    """The child's snapshots up to the week's start: what they were shown then."""
    rows = MasterySnapshot.objects.filter(
        student=child, skill_id__in=[s.pk for s in skills], last_practiced_at__lte=since
    )
    return Timeline(
        (Point(r.skill_id, r.last_practiced_at, r.state) for r in rows),
        top_levels={s.pk: s.top_level for s in skills},
    )


def _skills(child: User, since: datetime, now: datetime) -> tuple[list, list]:
    practised = list(
        Skill.objects.filter(
            progress__student=child, progress__last_practiced_at__gte=since
        ).select_related("subject")
    )
    shown = displayed_mastery(student=child, skills=practised, now=now)
    before = _week_start(child, practised, since)
    weeks = {}
    for skill in practised:
        start = before.displayed_at(skill.pk, since)
        weeks[skill.pk] = rules.SkillWeek(
            skill_id=skill.pk,
            percent=shown[skill.pk].percent,
            level=shown[skill.pk].level,
            started_at=start.percent,
            mastered=shown[skill.pk].mastered,
            was_mastered=start.mastered,
        )
    by_id = {s.pk: s for s in practised}
    grew, kept = rules.split_skills(list(weeks.values()))
    return (
        [GrownSkill(by_id[w.skill_id], w) for w in grew],
        sorted((GrownSkill(by_id[w.skill_id], w) for w in kept), key=lambda g: g.skill.name),
    )


def _help_given(child: User, since: datetime, until: datetime) -> HelpGiven:
    # Only what the child did: how many classmates, on which skills, how many said thanks.
    # The classmates, their questions and their words stay theirs.
    rows = list(
        HelpRequest.objects.filter(
            helper=child,
            status=HelpRequest.Status.COMPLETED,
            completed_at__gte=since,
            completed_at__lt=until,
        )
        .values("skill__name")
        .annotate(sessions=Count("pk"), thanked=Count("pk", filter=~Q(thank_you="")))
        .order_by("skill__name")
    )
    return HelpGiven(
        sessions=sum(r["sessions"] for r in rows),
        thanked=sum(r["thanked"] for r in rows),
        skills=[r["skill__name"] for r in rows],
    )


def child_week(*, child: User, now: datetime | None = None) -> ChildWeek:
    """What a parent sees of one child's last seven days: growth against their own past."""
    now = now or timezone.now()
    since, until = rules.week_bounds(now)
    grew, kept = _skills(child, since, now)
    practice_days = (
        Attempt.objects.filter(student=child, answered_at__gte=since, answered_at__lt=until)
        .annotate(day=TruncDate("answered_at"))
        .values("day")
        .distinct()
        .count()
    )
    return ChildWeek(
        child=child,
        since=since,
        until=until,
        grew=grew,
        kept_practising=kept,
        practice_days=practice_days,
        moments=list(
            Recognition.objects.filter(student=child, achieved_at__gte=since, achieved_at__lt=until)
            .select_related("exercise")
            .order_by("-achieved_at", "-pk")
        ),
        shared_reflections=list(
            Reflection.objects.filter(student=child, shared_with_family=True)
            .select_related("exercise", "subject")
            .order_by("-created_at", "-pk")[: rules.SHARED_REFLECTIONS_SHOWN]
        ),
        help=_help_given(child, since, until),
    )
