"""One student, as a teacher of their class sees them: a fixed number of queries whatever the
class size or the length of the student's history (every list is bounded, the chart reads
only the snapshots it draws)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from challenges.models import Challenge, ChallengePlayer
from growth import rules as growth_rules
from growth.models import Recognition, RushingFlag
from mastery import history
from mastery import rules as mastery_rules
from mastery.models import Attempt, MasterySnapshot, Skill, SkillProgress
from mastery.selectors import progress_displayed
from peerhelp.models import HelpRequest
from peerhelp.selectors import available_helper_ids
from personal_challenges.selectors import ChallengeView, challenges_visible_to, open_q
from reflections.models import Reflection
from reflections.selectors import reflections_visible_to
from schools.models import SchoolClass, Subject

from . import attention, rules
from .answers import AttemptRow, attempt_rows
from .scope import TeacherScope

WEEK = timedelta(days=7)


@dataclass
class SkillRow:
    skill: Skill
    shown: mastery_rules.Displayed
    attempts: int
    correct: int
    last_practiced_at: datetime | None

    @property
    def stuck(self) -> bool:
        return rules.is_stuck(percent=self.shown.percent, attempts=self.attempts)


@dataclass
class SubjectRows:
    subject: Subject
    skills: list[SkillRow]

    @property
    def mastery(self) -> int:
        return mastery_rules.average(r.shown.percent for r in self.skills)

    @property
    def mastered(self) -> int:
        return sum(1 for r in self.skills if r.shown.mastered)


@dataclass
class HelpSummary:
    given: int = 0
    received: int = 0
    recent: list[HelpRequest] = field(default_factory=list)


@dataclass
class StudentPage:
    school_class: SchoolClass
    student: User
    scope: TeacherScope
    now: datetime
    subjects: list[SubjectRows]
    weekly: dict[str, list[tuple[datetime, int]]]  # subject name: 8 weeks, oldest first
    week_change: int
    last_practiced_at: datetime | None
    concerns: list[attention.Concern]
    attempts: list[AttemptRow]
    moments: list[Recognition]
    reflections: list[Reflection]
    help: HelpSummary
    challenges: list[ChallengePlayer]
    personal_challenges: list[ChallengeView]

    @property
    def mastery(self) -> int:
        return mastery_rules.average(r.shown.percent for s in self.subjects for r in s.skills)

    @property
    def skills_mastered(self) -> int:
        return sum(s.mastered for s in self.subjects)


def class_student(*, school_class: SchoolClass, student_id: int) -> User | None:
    """The student if actively enrolled in the class (None otherwise): one query."""
    return User.objects.filter(
        pk=student_id,
        role=User.Role.STUDENT,
        enrollments__school_class=school_class,
        enrollments__is_active=True,
    ).first()


def _timeline(student: User, skills: list[Skill], since: datetime) -> history.Timeline:
    """The snapshots the chart and the week's change need, in two queries: those since the
    chart's first moment, and the last one before it per skill (PostgreSQL DISTINCT ON)."""
    base = MasterySnapshot.objects.filter(student=student, skill__in=[s.pk for s in skills])
    recent = list(base.filter(last_practiced_at__gt=since))
    earlier = base.filter(last_practiced_at__lte=since).order_by("skill_id", "-last_practiced_at")
    if connection.vendor == "postgresql":
        before = list(earlier.distinct("skill_id"))
    else:  # the embedded default has no DISTINCT ON: the first row per skill, in Python
        firsts: dict[int, MasterySnapshot] = {}
        for row in earlier:
            firsts.setdefault(row.skill_id, row)
        before = list(firsts.values())
    return history.Timeline(
        (history.Point(r.skill_id, r.last_practiced_at, r.state) for r in before + recent),
        {s.pk: s.top_level for s in skills},
    )


def _tutors(
    *,
    school_class: SchoolClass,
    student: User,
    hard: list[attention.SkillStanding],
    skills: list[Skill],
    now: datetime,
) -> dict[int, User]:
    """A classmate for each skill the student finds hard, chosen by the triage's rule
    (`attention.assign_tutors`): mastered it, happy to help, active, not stuck in that
    subject themselves; the student's hardest skill first. Two queries, also when no skill
    is hard (the page's count stays fixed)."""
    subject_of = {s.pk: s.subject_id for s in skills}
    top = {s.pk: s.top_level for s in skills}
    subjects = {subject_of[h.skill_id] for h in hard}
    rows = list(
        SkillProgress.objects.filter(
            skill_id__in=[k for k, sub in subject_of.items() if sub in subjects] or [0],
            attempts__gt=0,
            student__enrollments__school_class=school_class,
            student__enrollments__is_active=True,
        )
        .exclude(student=student)
        .select_related("student")
    )
    by_student: dict[int, list[SkillProgress]] = {}
    for row in rows:
        by_student.setdefault(row.student_id, []).append(row)
    opted_in = available_helper_ids(student_ids=list(by_student) or [0])
    hard_ids = {h.skill_id for h in hard}
    candidates: dict[int, list[attention.TutorCandidate]] = {}
    flagged: dict[int, set[int]] = {}
    users: dict[int, User] = {}
    for classmate, mine in by_student.items():
        last = max(r.last_practiced_at for r in mine)
        active = (now - last).days < attention.INACTIVE_DAYS
        for row in mine:
            shown = progress_displayed(row, top_level=top[row.skill_id], now=now)
            if rules.is_stuck(percent=shown.percent, attempts=row.attempts):
                flagged.setdefault(classmate, set()).add(subject_of[row.skill_id])
            if row.skill_id in hard_ids and shown.mastered:
                candidates.setdefault(row.skill_id, []).append(
                    attention.TutorCandidate(classmate, shown.percent, active)
                )
                users[classmate] = row.student
    found = attention.assign_tutors(
        needs=[
            (student.pk, h.skill_id, subject_of[h.skill_id])
            for h in sorted(hard, key=lambda h: (h.mastery, h.skill_id))
        ],
        candidates=candidates,
        opted_in=opted_in,
        flagged_subjects=flagged,
    )
    return {skill_id: users[tutor] for (_sid, skill_id), tutor in found.items()}


def _rushed_answers(student: User, now: datetime) -> int:
    since = timezone.localdate(now) - timedelta(days=growth_rules.RUSH_LOOKBACK_DAYS)
    rows = RushingFlag.objects.filter(student=student, day__gt=since).values_list(
        "answers", flat=True
    )
    return sum(rows)


def _help(*, student: User, school_class: SchoolClass, skill_ids: list[int]) -> HelpSummary:
    sessions = HelpRequest.objects.filter(
        Q(requester=student) | Q(helper=student),
        school_class=school_class,
        skill_id__in=skill_ids,
        status__in=[HelpRequest.Status.ACCEPTED, HelpRequest.Status.COMPLETED],
    )
    counts = sessions.aggregate(
        given=Count("pk", filter=Q(helper=student)),
        received=Count("pk", filter=Q(requester=student)),
    )
    recent = list(
        sessions.select_related("requester", "helper", "skill").order_by("-accepted_at", "-pk")[
            : rules.HELP_SHOWN
        ]
    )
    return HelpSummary(counts["given"], counts["received"], recent)


def _personal_challenges(
    *, teacher: User, student: User, scope: TeacherScope, now: datetime
) -> list[ChallengeView]:
    """Open challenges the student shared with their teachers (the personal challenges' own
    rule); one tied to a skill or exercise shows only within the teacher's subjects."""
    today = timezone.localdate(now)
    subjects = scope.subject_ids
    rows = (
        challenges_visible_to(user=teacher)
        .filter(open_q(today=today), student=student)
        .filter(
            Q(skill__subject_id__in=subjects)
            | Q(exercise__skill__subject_id__in=subjects)
            | Q(skill__isnull=True, exercise__isnull=True)
        )
        .select_related("exercise", "skill")
        .order_by("-created_at", "-pk")
    )
    return [ChallengeView(c, today) for c in rows]


def student_page(
    *, teacher: User, scope: TeacherScope, school_class: SchoolClass, student: User
) -> StudentPage:
    now = timezone.now()
    subjects = list(scope.subjects)
    skills = list(Skill.objects.filter(subject_id__in=scope.subject_ids))
    skill_ids = [s.pk for s in skills]
    progress = {
        row.skill_id: row
        for row in SkillProgress.objects.filter(student=student, skill_id__in=skill_ids)
    }
    rows = {
        s.pk: SkillRow(
            skill=s,
            shown=progress_displayed(progress.get(s.pk), top_level=s.top_level, now=now),
            attempts=progress[s.pk].attempts if s.pk in progress else 0,
            correct=progress[s.pk].correct if s.pk in progress else 0,
            last_practiced_at=progress[s.pk].last_practiced_at if s.pk in progress else None,
        )
        for s in skills
    }
    by_subject = [
        SubjectRows(subject, [rows[s.pk] for s in skills if s.subject_id == subject.pk])
        for subject in subjects
    ]

    timeline = _timeline(student, skills, now - timedelta(weeks=rules.CHART_WEEKS))
    weekly = {
        block.subject.name: timeline.weekly(
            [r.skill.pk for r in block.skills], now, rules.CHART_WEEKS
        )
        for block in by_subject
    }
    week_change = timeline.average_at(skill_ids, now) - timeline.average_at(skill_ids, now - WEEK)
    last = max((r.last_practiced_at for r in rows.values() if r.last_practiced_at), default=None)
    standings = [
        attention.SkillStanding(r.skill.pk, r.skill.name, r.shown.percent, r.attempts)
        for r in rows.values()
        if r.attempts
    ]
    # Only a skill the student finds hard names a tutor: read classmates for those alone.
    hard = [s for s in standings if rules.is_stuck(percent=s.mastery, attempts=s.attempts)]
    concerns = attention.concerns(
        week_change=week_change,
        days_inactive=(now - last).days if last else None,
        standings=standings,
        tutors=_tutors(
            school_class=school_class, student=student, hard=hard, skills=skills, now=now
        ),
        rushed_answers=_rushed_answers(student, now),
    )
    attempts = attempt_rows(
        Attempt.objects.filter(student=student, skill_id__in=skill_ids),
        limit=rules.RECENT_ATTEMPTS,
    )
    moments = list(
        Recognition.objects.filter(
            student=student, shared_with_teacher=True, skill_id__in=skill_ids
        )
        .select_related("exercise", "skill")
        .order_by("-achieved_at", "-pk")[: rules.MOMENTS_SHOWN]
    )
    reflections = list(
        reflections_visible_to(user=teacher)
        .filter(student=student, subject_id__in=scope.subject_ids)
        .select_related("exercise", "subject")
        .order_by("-created_at", "-pk")[: rules.REFLECTIONS_SHOWN]
    )
    challenges = list(
        ChallengePlayer.objects.filter(
            player=student,
            challenge__status=Challenge.Status.FINISHED,
            challenge__school_class=school_class,
            challenge__exercise__skill_id__in=skill_ids,
        )
        .select_related(
            "challenge", "challenge__exercise", "challenge__challenger", "challenge__opponent"
        )
        .order_by("-challenge__finished_at", "-pk")[: rules.CHALLENGES_SHOWN]
    )
    return StudentPage(
        school_class=school_class,
        student=student,
        scope=scope,
        now=now,
        subjects=by_subject,
        weekly=weekly,
        week_change=week_change,
        last_practiced_at=last,
        concerns=concerns,
        attempts=attempts,
        moments=moments,
        reflections=reflections,
        help=_help(student=student, school_class=school_class, skill_ids=skill_ids),
        challenges=challenges,
        personal_challenges=_personal_challenges(
            teacher=teacher, student=student, scope=scope, now=now
        ),
    )
