"""What each metric measures, read for a whole board in one query (two with the skills).

Every function takes the participants' ids and the board's scope, and returns a score per
participant (0 when nothing happened in the period). The rules themselves are in rules.py and
mastery.history; this module only fetches the rows they need.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from mastery import history
from mastery.models import MasterySnapshot, Skill
from peerhelp.models import HelpRequest
from peerhelp.selectors import help_given_counts
from reflections.models import REFLECTION_TEXT_FIELDS, Reflection

from . import rules


@dataclass(frozen=True)
class Window:
    student_ids: Sequence[int]
    subject_ids: Sequence[int]
    since: datetime
    now: datetime
    whole_class: bool = True  # False: a subject board


def _skill_levels(window: Window) -> dict[int, int]:
    """The scope's skills and the hardest level each has ("mastered" asks for it)."""
    return dict(
        Skill.objects.filter(subject_id__in=window.subject_ids).values_list("pk", "top_level")
    )


def _timelines(window: Window, top_levels: dict[int, int]) -> dict[int, history.Timeline]:
    skill_ids = list(top_levels)
    points: dict[int, list[history.Point]] = {}
    rows = MasterySnapshot.objects.filter(
        student_id__in=window.student_ids, skill_id__in=skill_ids
    ).only("student_id", "skill_id", *MasterySnapshot.STATE_FIELDS)
    for snap in rows:
        points.setdefault(snap.student_id, []).append(
            history.Point(snap.skill_id, snap.last_practiced_at, snap.state)
        )
    return {sid: history.Timeline(points.get(sid, []), top_levels) for sid in window.student_ids}


def improvement(window: Window) -> dict[int, int]:
    """Mastery points gained over the period: the average over every skill of the scope, now
    against the start of the period (the teacher's weekly change, over this window)."""
    top_levels = _skill_levels(window)
    skill_ids = list(top_levels)
    return {
        sid: timeline.average_at(skill_ids, window.now)
        - timeline.average_at(skill_ids, window.since)
        for sid, timeline in _timelines(window, top_levels).items()
    }


def mastery_growth(window: Window) -> dict[int, int]:
    """Concepts newly mastered in the period (shown as mastered at a practice in it, with
    the evidence "mastered" asks for)."""
    top_levels = _skill_levels(window)
    skill_ids = list(top_levels)
    return {
        sid: len(timeline.newly_mastered(skill_ids, window.since, window.now))
        for sid, timeline in _timelines(window, top_levels).items()
    }


def consistency(window: Window) -> dict[int, int]:
    """Distinct days with practice in the scope during the period (a daily snapshot exists
    for every day a skill was practised)."""
    since = timezone.localdate(window.since)
    today = timezone.localdate(window.now)
    days: dict[int, list] = {sid: [] for sid in window.student_ids}
    rows = (
        MasterySnapshot.objects.filter(
            student_id__in=window.student_ids,
            skill__subject_id__in=window.subject_ids,
            day__gt=since,
            day__lte=today,
        )
        .values_list("student_id", "day")
        .distinct()
    )
    for student_id, day in rows:
        days[student_id].append(day)
    return {sid: rules.practice_days(d, since=since, today=today) for sid, d in days.items()}


def reflection_quality(window: Window) -> dict[int, int]:
    """Thoughtful reflections written in the period, on the scope's subjects."""
    written: dict[int, list] = {sid: [] for sid in window.student_ids}
    rows = Reflection.objects.filter(
        student_id__in=window.student_ids,
        subject_id__in=window.subject_ids,
        created_at__gte=window.since,
        created_at__lte=window.now,
    ).values_list("student_id", "created_at", *REFLECTION_TEXT_FIELDS)
    for student_id, created_at, *answers in rows:
        written[student_id].append((timezone.localdate(created_at), answers))
    return {sid: rules.reflection_score(r) for sid, r in written.items()}


def peer_help(window: Window) -> dict[int, int]:
    """Help sessions given and completed in the period (peer help's own count). On a subject
    board, only sessions about a skill of that subject."""
    if window.whole_class:
        return help_given_counts(
            student_ids=window.student_ids, since=window.since, until=window.now
        )
    counts = dict.fromkeys(window.student_ids, 0)
    counts.update(
        HelpRequest.objects.filter(
            status=HelpRequest.Status.COMPLETED,
            helper_id__in=window.student_ids,
            skill__subject_id__in=window.subject_ids,
            completed_at__gte=window.since,
            completed_at__lt=window.now,
        )
        .values("helper_id")
        .annotate(n=Count("pk"))
        .values_list("helper_id", "n")
    )
    return counts


SCORERS: dict[str, Callable[[Window], dict[int, int]]] = {
    rules.IMPROVEMENT: improvement,
    rules.MASTERY_GROWTH: mastery_growth,
    rules.CONSISTENCY: consistency,
    rules.PEER_HELP: peer_help,
    rules.REFLECTION_QUALITY: reflection_quality,
}


def scores(metric: str, window: Window) -> dict[int, int]:
    return SCORERS[metric](window)
