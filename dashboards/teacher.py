"""The teacher's growth view of one class, in a fixed number of queries."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import User
from classgoals import rules as goal_rules
from classgoals.models import ClassGoal
from classgoals.selectors import class_goals
from growth.selectors import ClassEffortView, class_effort
from mastery import history, rules
from mastery.models import Skill
from mastery.selectors import (
    ClassLocks,
    class_locks,
    class_states_now_and_then,
)
from peerhelp.selectors import available_helper_ids
from schools.models import SchoolClass, Subject

from . import attention
from .collaboration import CollaborationInsights, class_collaboration

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class SkillLabel:
    """A skill's id and its name in the page's language, read once per page (a translated
    field is a lookup on every read: 8,000 of them for a class of 1,000)."""

    pk: int
    name: str


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
    locked: list["SkillLabel"] = field(default_factory=list)  # skills still locked for them
    grouped_skills: set[int] = field(default_factory=set)  # in a small group for these skills


@dataclass
class AttentionGroup:
    """Students stuck on one skill: one small-group lesson serves them all."""

    skill_id: int
    skill_name: str
    students: list[User]


@dataclass
class ClassGrowth:
    school_class: SchoolClass
    subjects: list[Subject]  # shown: the one chosen, else all the teacher's subjects here
    rows: list[StudentGrowth]
    effort: ClassEffortView | None = None
    goals: list[ClassGoal] = field(default_factory=list)
    today: date | None = None
    collaboration: CollaborationInsights | None = None
    locks: ClassLocks | None = None
    all_subjects: list[Subject] = field(default_factory=list)  # the teacher's, in this class
    selected: Subject | None = None  # the subject filter, None for all of them
    attention: list[StudentGrowth] = field(default_factory=list)  # most urgent first
    groups: list[AttentionGroup] = field(default_factory=list)
    editable_goals: set[int] = field(default_factory=set)

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
        return self.attention


class UnknownSubject(LookupError):
    """The subject filter names a subject the teacher does not teach in the class."""


def class_growth(
    *, teacher: User, school_class: SchoolClass, subject_id: int | None = None
) -> ClassGrowth:
    now = timezone.now()
    all_subjects = list(
        Subject.objects.filter(
            teaching_assignments__teacher=teacher,
            teaching_assignments__school_class=school_class,
        ).order_by("code")
    )
    selected = None
    if subject_id is not None:
        selected = next((s for s in all_subjects if s.pk == subject_id), None)
        if selected is None:
            raise UnknownSubject(subject_id)
    subjects = [selected] if selected else all_subjects
    subject_ids = [s.pk for s in subjects]
    skills = list(Skill.objects.filter(subject__in=subjects))
    skill_ids = [s.pk for s in skills]
    students = list(
        User.objects.filter(
            enrollments__school_class=school_class, enrollments__is_active=True
        ).order_by("display_name", "username")
    )
    top_levels = {s.pk: s.top_level for s in skills}
    # Every number below is the one the student sees (mastery.selectors: after forgetting,
    # "mastered" only with the evidence), computed once per student and skill, then reused by
    # the table, the week's change, the attention list and the tutors (a class of 1,000 has
    # 8,000 of them).
    # "Now" is the progress row, the number every other view shows; "a week ago" the last
    # snapshot before then: only the rows the view reads, in one query.
    progress: dict[int, dict[int, rules.ProgressState]] = {}
    shown: dict[int, dict[int, rules.Displayed]] = {}
    points: dict[int, list[history.Point]] = {}
    for student_id, by_skill in class_states_now_and_then(
        student_ids=[s.pk for s in students], skill_ids=skill_ids, then=now - WEEK
    ).items():
        progress[student_id] = {skill_id: pair.now for skill_id, pair in by_skill.items()}
        shown[student_id] = {
            skill_id: rules.displayed(pair.now, now=now, top_level=top_levels[skill_id])
            for skill_id, pair in by_skill.items()
        }
        points[student_id] = [
            history.Point(skill_id, pair.then.last_practiced_at, pair.then)
            for skill_id, pair in by_skill.items()
            if pair.then is not None
        ]

    # Possible peer tutors per skill: classmates who mastered it (attention.assign_tutors
    # picks among them once everyone's concerns are known).
    candidates: dict[int, list[attention.TutorCandidate]] = {}
    by_id = {s.pk: s for s in students}
    for student_id, states in progress.items():
        last_seen = max(st.last_practiced_at for st in states.values())
        active = (now - last_seen).days < attention.INACTIVE_DAYS
        for skill_id in states:
            seen = shown[student_id][skill_id]
            if seen.mastered:
                candidates.setdefault(skill_id, []).append(
                    attention.TutorCandidate(student_id, seen.percent, active)
                )
    subject_of = {s.pk: s.subject_id for s in skills}
    names = {s.pk: s.name for s in skills}  # a translated field: a lookup on each read
    stuck: dict[int, list[attention.SkillStanding]] = {}

    effort = class_effort(
        school_class=school_class, teacher=teacher, subject_ids=subject_ids, students=students
    )
    rushed = {row.student.pk: row.answers for row in effort.rushing}
    # Read once: a model's pk is a property, read 60,000 times for a class of 1,000.
    subject_skill_ids = [[s.pk for s in skills if s.subject_id == sub.pk] for sub in subjects]
    rows = []
    for student in students:
        states = progress.get(student.pk, {})
        current = {sid: d.percent for sid, d in shown.get(student.pk, {}).items()}
        per_subject = [
            rules.average(current.get(sid, 0) for sid in ids) for ids in subject_skill_ids
        ]
        timeline = history.Timeline(points.get(student.pk, []), top_levels)
        last = max((st.last_practiced_at for st in states.values()), default=None)
        overall = rules.average(current.get(sid, 0) for sid in skill_ids)
        week_change = overall - timeline.average_at(skill_ids, now - WEEK)
        days_inactive = (now - last).days if last else None
        standings = [
            attention.SkillStanding(sid, names[sid], current[sid], states[sid].attempts)
            for sid in skill_ids
            if sid in states
        ]
        stuck[student.pk] = attention.hard_skills(standings)
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
                    tutors={},
                    rushed_answers=rushed.get(student.pk, 0),
                ),
            )
        )
    ordered = sorted(
        (r for r in rows if r.concerns),
        key=lambda r: attention.triage_key(
            concerns_found=r.concerns, mastery=r.mastery, name=str(r.student)
        ),
    )
    groups = attention.skill_groups(
        {k: v for k, v in stuck.items() if v}, [r.student.pk for r in ordered]
    )
    in_group = {(sid, g.skill_id) for g in groups for sid in g.student_ids}
    needs = [
        (r.student.pk, c.skill_id, subject_of[c.skill_id])
        for r in ordered
        for c in r.concerns
        if c.kind == "struggling" and (r.student.pk, c.skill_id) not in in_group
    ]
    tutors = attention.assign_tutors(
        needs=needs,
        candidates=candidates,
        opted_in=available_helper_ids(student_ids=list(by_id)),
        flagged_subjects={
            sid: {subject_of[h.skill_id] for h in hard} for sid, hard in stuck.items()
        },
    )
    grouped: dict[int, set[int]] = {}
    for student_id, skill_id in in_group:
        grouped.setdefault(student_id, set()).add(skill_id)
    for row in ordered:
        row.grouped_skills = grouped.get(row.student.pk, set())
        row.concerns = [
            replace(c, tutor=by_id[tutors[(row.student.pk, c.skill_id)]])
            if c.kind == "struggling" and (row.student.pk, c.skill_id) in tutors
            else c
            for c in row.concerns
        ]

    today = timezone.localdate(now)
    goals = [
        g
        for g in class_goals(school_class_id=school_class.pk, today=today)
        if g.subject_id is None or g.subject_id in subject_ids
    ]
    taught_ids = {s.pk for s in all_subjects}
    editable = {
        g.pk
        for g in goals
        if goal_rules.teacher_may_edit(goal_subject_id=g.subject_id, teacher_subject_ids=taught_ids)
    }
    collaboration = class_collaboration(
        school_class=school_class, students=students, now=now, subject_ids=subject_ids
    )
    locks = class_locks(
        school_class=school_class,
        skills=skills,
        student_ids=[s.pk for s in students],
        states=progress,
        now=now,
    )
    labels = {s.pk: SkillLabel(s.pk, names[s.pk]) for s in skills}
    for row in rows:
        row.locked = [labels[s.pk] for s in locks.by_student.get(row.student.pk, [])]
    return ClassGrowth(
        school_class,
        subjects,
        rows,
        effort,
        goals,
        today,
        collaboration,
        locks,
        all_subjects=all_subjects,
        selected=selected,
        attention=ordered,
        groups=[attention_group(g, by_id) for g in groups],
        editable_goals=editable,
    )


def attention_group(group: attention.SkillGroup, by_id: dict[int, User]) -> AttentionGroup:
    return AttentionGroup(group.skill_id, group.skill_name, [by_id[i] for i in group.student_ids])
