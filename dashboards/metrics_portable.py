"""The class metrics' reads on a database without PostgreSQL's SQL (the embedded default of
`make run`, SQLite): each function returns the rows its namesake in metrics_sql.py returns,
computed in Python from plain reads and the same rules (mastery.rules.displayed,
leaderboards.rules.is_thoughtful). It reads a class's whole
history, which suits a demo's data, not a school's; tests/dashboards/test_metrics_portable.py
checks on PostgreSQL that both give the same rows."""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from leaderboards import rules as board_rules
from mastery import rules as mastery_rules
from mastery.models import Attempt, MasterySnapshot, Skill, SkillProgress
from reflections.models import REFLECTION_TEXT_FIELDS, Reflection

from . import metrics_rules as mr

_STATE = ("p_known", "attempts", "half_life_days", "last_practiced_at", "sessions")


def _snapshots(params, **filters) -> dict[tuple[int, int], list]:
    """{(student, skill): [(day, state, raw level_correct), ...] by day}."""
    pairs: dict[tuple[int, int], list] = defaultdict(list)
    rows = (
        MasterySnapshot.objects.filter(
            student_id__in=params["students"], skill_id__in=params["skills"], **filters
        )
        .order_by("day")
        .values_list("student_id", "skill_id", "day", *_STATE, "level_correct")
    )
    for student_id, skill_id, day, *values, levels in rows:
        pairs[(student_id, skill_id)].append(
            (day, MasterySnapshot.state_of(*values, levels), levels)
        )
    return pairs


def reflections(params) -> list[tuple]:
    zone = ZoneInfo(params["tz"])
    buckets: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = Reflection.objects.filter(
        student_id__in=params["students"],
        subject_id__in=params["subjects"],
        created_at__gte=params["before_at"],
        created_at__lt=params["end_at"],
    ).values_list("created_at", *REFLECTION_TEXT_FIELDS)
    for created_at, *texts in rows:
        day = created_at.astimezone(zone).date()
        if day >= params["start"]:
            bucket = (day - params["start"]).days // params["step"]
        elif day <= params["before_end"]:
            bucket = -1
        else:
            continue
        buckets[bucket][0] += 1
        buckets[bucket][1] += int(board_rules.is_thoughtful(texts))
    return [(b, n, t) for b, (n, t) in buckets.items()]


def mastery_at_moments(params) -> list[tuple]:
    tops = dict(Skill.objects.filter(pk__in=params["skills"]).values_list("pk", "top_level"))
    firsts = {
        (s, k): first
        for s, k, first in SkillProgress.objects.filter(
            student_id__in=params["students"], skill_id__in=params["skills"]
        ).values_list("student_id", "skill_id", "first_practiced_at")
    }
    snapshots = _snapshots(params, day__lt=max(params["days"]))
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for (student_id, skill_id), first in firsts.items():
        rows = snapshots.get((student_id, skill_id), [])
        for k, day, at in zip(params["ks"], params["days"], params["ats"], strict=True):
            if first is not None and first >= at + timedelta(days=1):
                continue
            earlier = [state for snap_day, state, _ in rows if snap_day < day]
            if not earlier:
                continue
            shown = mastery_rules.displayed(earlier[-1], now=at, top_level=tops[skill_id])
            total = sums[(k, student_id)]
            total[0] += shown.percent
            total[1] += int(shown.percent >= mastery_rules.MASTERED)
    return [(k, student_id, t, n) for (k, student_id), (t, n) in sums.items()]


# On the embedded default nothing is kept: every moment is read from the snapshots.
mastery_kept = mastery_at_moments


def comebacks(params) -> list[tuple]:
    tops = dict(Skill.objects.filter(pk__in=params["skills"]).values_list("pk", "top_level"))
    rows = []
    for (student_id, skill_id), snaps in _snapshots(params, day__lt=params["after_end"]).items():
        for (prev_day, prev, levels), (day, cur, _) in zip(snaps, snaps[1:], strict=False):
            if day < params["start"] or (day - prev_day).days < mr.RETENTION_GAP_DAYS - 1:
                continue
            back = (
                Attempt.objects.filter(
                    student_id=student_id,
                    skill_id=skill_id,
                    answered_at__gt=prev.last_practiced_at,
                )
                .order_by("answered_at")
                .values_list("answered_at", flat=True)
                .first()
            )
            rows.append(
                (
                    tops[skill_id],
                    cur.p_known,
                    prev.p_known,
                    prev.half_life_days,
                    prev.last_practiced_at,
                    prev.attempts,
                    prev.sessions,
                    levels,
                    back,
                )
            )
    return rows
