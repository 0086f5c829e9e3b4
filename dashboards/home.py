"""The teacher's home: per class, what needs attention today, new reflections, and what is
live now, in a fixed number of queries whatever the number of classes."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from mastery import rules
from mastery.models import Skill, SkillProgress
from mastery.selectors import progress_displayed
from reflections.selectors import UNANSWERED, teacher_inbox
from schools.models import Enrollment, SchoolClass, Subject, TeachingAssignment

from . import attention
from .live_now import teacher_live_now


@dataclass
class ClassToday:
    school_class: SchoolClass
    subjects: list[Subject] = field(default_factory=list)
    student_ids: list[int] = field(default_factory=list)
    mastery: int = 0
    away: int = 0  # no practice for attention.INACTIVE_DAYS days or more
    stuck: int = 0  # stuck on a skill (attention.hard_skills)
    new_reflections: int = 0
    unanswered_reflections: int = 0
    live: int = 0  # group sessions, help chats and challenges going on now

    @property
    def student_count(self) -> int:
        return len(self.student_ids)

    @property
    def needs_attention(self) -> bool:
        return bool(self.away or self.stuck or self.unanswered_reflections)


def teacher_home(*, teacher: User) -> list[ClassToday]:
    now = timezone.now()
    classes: dict[int, ClassToday] = {}
    for a in (
        TeachingAssignment.objects.filter(teacher=teacher)
        .select_related("school_class", "subject")
        .order_by("school_class__name", "subject__code")
    ):
        today = classes.setdefault(a.school_class_id, ClassToday(a.school_class))
        today.subjects.append(a.subject)
    for class_id, student_id in Enrollment.objects.filter(
        school_class_id__in=list(classes), is_active=True
    ).values_list("school_class_id", "student_id"):
        classes[class_id].student_ids.append(student_id)
    subject_ids = {s.pk for c in classes.values() for s in c.subjects}
    skills = {
        s.pk: s
        for s in Skill.objects.filter(subject_id__in=subject_ids).only(
            "id", "name", "subject_id", "top_level"
        )
    }
    student_ids = {sid for c in classes.values() for sid in c.student_ids}
    rows: dict[int, list] = {}
    for row in SkillProgress.objects.filter(
        student_id__in=list(student_ids), skill_id__in=list(skills)
    ):
        rows.setdefault(row.student_id, []).append(row)

    for today in classes.values():
        taught = {s.pk for s in today.subjects}
        class_skills = {k for k, s in skills.items() if s.subject_id in taught}
        masteries = []
        for sid in today.student_ids:
            mine = [r for r in rows.get(sid, []) if r.skill_id in class_skills]
            shown = {
                r.skill_id: progress_displayed(r, top_level=skills[r.skill_id].top_level, now=now)
                for r in mine
            }
            masteries.append(
                rules.average(shown[k].percent if k in shown else 0 for k in class_skills)
            )
            last = max((r.last_practiced_at for r in mine if r.last_practiced_at), default=None)
            if last is not None and (now - last).days >= attention.INACTIVE_DAYS:
                today.away += 1
            standings = [
                attention.SkillStanding(
                    r.skill_id, skills[r.skill_id].name, shown[r.skill_id].percent, r.attempts
                )
                for r in mine
            ]
            if attention.hard_skills(standings):
                today.stuck += 1
        today.mastery = rules.average(masteries) if masteries else 0

    # Reflections per class, in the class the teacher reads them in (one query).
    for row in (
        teacher_inbox(teacher=teacher)
        .order_by()
        .values("class_id")
        .annotate(
            new=Count("pk", filter=Q(teacher_read_at__isnull=True)),
            unanswered=Count("pk", filter=UNANSWERED),
        )
    ):
        if row["class_id"] in classes:
            classes[row["class_id"]].new_reflections = row["new"]
            classes[row["class_id"]].unanswered_reflections = row["unanswered"]

    live = teacher_live_now(teacher=teacher)
    for class_id in (
        [s.group.school_class_id for s in live.groups]
        + [c.school_class_id for c in live.help_chats]
        + [c.school_class_id for c in live.challenges]
    ):
        if class_id in classes:
            classes[class_id].live += 1
    return list(classes.values())
