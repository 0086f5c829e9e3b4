"""The teacher's growth view of one class, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import User
from classgoals.models import ClassGoal
from classgoals.selectors import class_goals
from growth.selectors import ClassEffortView, class_effort
from mastery import history, rules
from mastery.models import MasterySnapshot, Skill, SkillProgress
from mastery.selectors import ClassLocks, class_locks, progress_displayed
from schools.models import SchoolClass, Subject

from . import attention
from .collaboration import CollaborationInsights, class_collaboration

WEEK = timedelta(days=7)


@dataclass
class StudentGrowth:
    student: User
    masteries: list[int]  # aligned with the class's subjects
    mastery: int
    week_change: int
    last_practiced_at: datetime | None
    days_inactive: int | None
    skills_mastered: int
    band: str
    concerns: list[attention.Concern] = field(default_factory=list)
    locked: list[Skill] = field(default_factory=list)  # skills still locked for the student


@dataclass
class ClassGrowth:
    school_class: SchoolClass
    subjects: list[Subject]
    rows: list[StudentGrowth]
    effort: ClassEffortView | None = None
    goals: list[ClassGoal] = field(default_factory=list)
    today: date | None = None
    collaboration: CollaborationInsights | None = None
    locks: ClassLocks | None = None

    @property
    def week_change(self) -> int:
        active = [r.week_change for r in self.rows if r.last_practiced_at]
        return rules.average(active) if active else 0

    @property
    def growing(self) -> int:
        return sum(1 for r in self.rows if r.week_change > 0)

    @property
    def distribution(self) -> list[tuple[str, int]]:
        counts = dict.fromkeys(attention.BANDS, 0)
        for row in self.rows:
            counts[row.band] += 1
        return list(counts.items())

    @property
    def needing_attention(self) -> list[StudentGrowth]:
        return [r for r in self.rows if r.concerns]


def class_growth(*, teacher: User, school_class: SchoolClass) -> ClassGrowth:
    now = timezone.now()
    subjects = list(
        Subject.objects.filter(
            teaching_assignments__teacher=teacher,
            teaching_assignments__school_class=school_class,
        ).order_by("code")
    )
    skills = list(Skill.objects.filter(subject__in=subjects))
    skill_ids = [s.pk for s in skills]
    students = list(
        User.objects.filter(
            enrollments__school_class=school_class, enrollments__is_active=True
        ).order_by("display_name", "username")
    )
    top_levels = {s.pk: s.top_level for s in skills}
    # Every number below is the one the student sees (mastery.selectors: after forgetting,
    # "mastered" only with the evidence), and "demonstrated" the same as of their last practice.
    progress: dict[int, dict[int, rules.ProgressState]] = {}
    shown: dict[int, dict[int, rules.Displayed]] = {}
    for row in SkillProgress.objects.filter(student__in=students, skill_id__in=skill_ids):
        progress.setdefault(row.student_id, {})[row.skill_id] = row.state
        shown.setdefault(row.student_id, {})[row.skill_id] = progress_displayed(
            row, top_level=top_levels[row.skill_id], now=now
        )
    points: dict[int, list[history.Point]] = {}
    for snap in MasterySnapshot.objects.filter(student__in=students, skill_id__in=skill_ids):
        points.setdefault(snap.student_id, []).append(
            history.Point(snap.skill_id, snap.last_practiced_at, snap.state)
        )

    # A possible peer tutor per skill: a classmate who mastered it, an active one first.
    tutors: dict[int, User] = {}
    best: dict[int, tuple[bool, int]] = {}
    by_id = {s.pk: s for s in students}
    for student_id, states in progress.items():
        last_seen = max(st.last_practiced_at for st in states.values())
        active = (now - last_seen).days < attention.INACTIVE_DAYS
        for skill_id in states:
            seen = shown[student_id][skill_id]
            rank = (active, seen.percent)
            if seen.mastered and rank > best.get(skill_id, (False, -1)):
                best[skill_id], tutors[skill_id] = rank, by_id[student_id]

    effort = class_effort(school_class=school_class, teacher=teacher)
    rushed = {row.student.pk: row.answers for row in effort.rushing}
    rows = []
    for student in students:
        states = progress.get(student.pk, {})
        current = {sid: d.percent for sid, d in shown.get(student.pk, {}).items()}
        per_subject = [
            rules.average(current.get(s.pk, 0) for s in skills if s.subject_id == subject.pk)
            for subject in subjects
        ]
        timeline = history.Timeline(points.get(student.pk, []), top_levels)
        last = max((st.last_practiced_at for st in states.values()), default=None)
        overall = rules.average(current.get(sid, 0) for sid in skill_ids)
        week_change = timeline.average_at(skill_ids, now) - timeline.average_at(
            skill_ids, now - WEEK
        )
        days_inactive = (now - last).days if last else None
        standings = [
            attention.SkillStanding(
                sid,
                skill.name,
                current[sid],
                timeline.demonstrated_at(sid, now) if sid in current else 0,
                states[sid].attempts,
            )
            for skill in skills
            if (sid := skill.pk) in states
        ]
        student_tutors = {k: v for k, v in tutors.items() if v.pk != student.pk}
        rows.append(
            StudentGrowth(
                student=student,
                masteries=per_subject,
                mastery=overall,
                week_change=week_change,
                last_practiced_at=last,
                days_inactive=days_inactive,
                skills_mastered=sum(1 for d in shown.get(student.pk, {}).values() if d.mastered),
                band=attention.band(overall),
                concerns=attention.concerns(
                    week_change=week_change,
                    days_inactive=days_inactive,
                    standings=standings,
                    tutors=student_tutors,
                    rushed_answers=rushed.get(student.pk, 0),
                ),
            )
        )
    today = timezone.localdate(now)
    goals = class_goals(school_class_id=school_class.pk, today=today)
    collaboration = class_collaboration(school_class=school_class, students=students, now=now)
    locks = class_locks(
        school_class=school_class,
        skills=skills,
        student_ids=[s.pk for s in students],
        states=progress,
        now=now,
    )
    for row in rows:
        row.locked = locks.by_student.get(row.student.pk, [])
    return ClassGrowth(school_class, subjects, rows, effort, goals, today, collaboration, locks)
