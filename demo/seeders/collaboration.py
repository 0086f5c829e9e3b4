"""Demo study groups for the demo school: a few groups per class with believable past sessions.

Deterministic (no randomness): the same anchor date gives the same groups, sessions and words.
Written straight to the tables like the rest of the seed; no live event is published.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accounts.models import User
from collaboration.models import (
    GroupAnswer,
    GroupAttendance,
    GroupGoal,
    GroupInsight,
    GroupMembership,
    GroupMessage,
    GroupReflection,
    GroupSession,
    StudyGroup,
)
from collaboration.selectors import round_variant
from mastery import variants
from mastery.models import Question, Skill
from schools.models import Enrollment, SchoolClass, Subject


@dataclass(frozen=True)
class GroupSpec:
    class_index: int
    subject: str
    name: str
    description: str
    focus: str
    members: tuple[int, ...]  # positions in the class roll
    is_open: bool
    goal_skills: tuple[int, ...]  # positions in the subject's skill list
    sessions: tuple[int, ...]  # days before the anchor


GROUPS = (
    GroupSpec(
        0,
        "MATH101",
        "Les polynômes ensemble",
        "On révise les polynômes deux fois par semaine, chacun explique à son tour.",
        "Maîtriser la factorisation ensemble",
        (0, 1, 2, 3, 4),
        True,
        (0, 1),
        (12, 8, 3),
    ),
    GroupSpec(
        0,
        "MATH101",
        "Math Wizards",
        "Small group for vectors and the scalar product. We learn by explaining.",
        "Vectors: from drawings to calculations",
        (5, 6, 7, 8),
        False,
        (2,),
        (9, 2),
    ),
    GroupSpec(
        1,
        "PHYS101",
        "فريق الجاذبية",
        "نراجع التجاذب الكوني ومبدأ القصور معا.",
        "Gravitation universelle: les ordres de grandeur",
        (0, 1, 2, 3),
        True,
        (0,),
        (10, 4),
    ),
)

CHAT = (
    (0, "On commence par l'exercice 2 ?"),
    (1, "I think we should factor out x first."),
    (2, "Oui, et après on cherche une racine évidente."),
    (0, "لقد فهمت الآن، شكرا!"),
    (3, "Can someone explain why the sign changes?"),
    (1, "Because we multiply by a negative number on both sides."),
)
INSIGHTS = (
    "We found three different ways to solve the same problem, each valid!",
    "Drawing it first makes the calculation much easier.",
    "Checking the answer by substituting back catches most mistakes.",
)
REFLECTIONS = (
    "Explaining to others helped me understand it better.",
    "J'ai compris ma première erreur grâce au groupe.",
    "تعلمت طريقة جديدة للتحقق من الجواب.",
)


def _at(anchor: date, days_before: int, tz, hour: int = 17) -> datetime:
    return datetime.combine(anchor - timedelta(days=days_before), time(hour), tz)


def _roll(school_class: SchoolClass) -> list[User]:
    return [
        e.student
        for e in Enrollment.objects.filter(school_class=school_class)
        .select_related("student")
        .order_by("student__username")
    ]


def seed(*, classes: list[SchoolClass], anchor: date, tz) -> dict[str, int]:
    counts = {"study groups": 0, "group sessions": 0}
    for spec in GROUPS:
        school_class = classes[spec.class_index]
        subject = Subject.objects.get(code=spec.subject)
        skills = list(Skill.objects.filter(subject=subject).order_by("tier", "position", "pk"))
        roll = _roll(school_class)
        members = [roll[i] for i in spec.members]
        founded = _at(anchor, max(spec.sessions) + 5, tz, hour=12)
        group = StudyGroup.objects.create(
            school_class=school_class,
            subject=subject,
            name=spec.name,
            description=spec.description,
            current_focus=spec.focus,
            focus_skill=skills[spec.goal_skills[0]],
            is_open=spec.is_open,
            created_by=members[0],
            created_at=founded,
        )
        GroupMembership.objects.bulk_create(
            GroupMembership(group=group, student=m, joined_at=founded + timedelta(hours=i))
            for i, m in enumerate(members)
        )
        GroupGoal.objects.bulk_create(
            GroupGoal(group=group, skill=skills[i], target_mastery=80 - 10 * n, created_at=founded)
            for n, i in enumerate(spec.goal_skills)
        )
        questions = list(
            Question.objects.filter(exercise__skill=skills[spec.goal_skills[0]])
            .select_related("exercise")
            .order_by("exercise__position", "position", "pk")[:6]
        )
        for n, days in enumerate(sorted(spec.sessions, reverse=True)):
            _session(group, members, questions, n, _at(anchor, days, tz))
            counts["group sessions"] += 1
        counts["study groups"] += 1
    return counts


def _right_answer(question: Question, session: GroupSession, round: int) -> str:
    if question.kind == Question.Kind.NUMERIC:
        seed = round_variant(session_id=session.pk, round=round, question=question)
        return f"{variants.draw(question, seed).answer.normalize():f}"
    return str(question.choices.get(is_correct=True).pk)


def _session(group, members, questions, n, start) -> None:
    here = [m for i, m in enumerate(members) if (i + n) % 4 != 3]  # someone misses each time
    minutes = 35 + 5 * (n % 3)
    session = GroupSession.objects.create(
        group=group,
        topic=group.current_focus,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        round=2,
    )
    GroupAttendance.objects.bulk_create(
        GroupAttendance(session=session, student=m, first_seen_at=start + timedelta(minutes=i))
        for i, m in enumerate(here)
    )
    messages = GroupMessage.objects.bulk_create(
        GroupMessage(
            session=session,
            author=here[who % len(here)],
            text=text,
            created_at=start + timedelta(minutes=3 + 4 * i),
        )
        for i, (who, text) in enumerate(CHAT)
    )
    for r, question in enumerate(questions[2 * n : 2 * n + 2], start=1):
        GroupAnswer.objects.create(
            session=session,
            round=r,
            question=question,
            answer=_right_answer(question, session, r) if r % 2 == 1 or n > 0 else "0",
            correct=r % 2 == 1 or n > 0,
            submitted_by=here[r % len(here)],
            submitted_at=start + timedelta(minutes=10 * r),
        )
    GroupInsight.objects.create(
        session=session,
        author=here[0],
        message=messages[1],
        text=INSIGHTS[n % len(INSIGHTS)],
        pinned_at=start + timedelta(minutes=20),
    )
    GroupReflection.objects.bulk_create(
        GroupReflection(
            session=session,
            student=m,
            text=REFLECTIONS[(i + n) % len(REFLECTIONS)],
            created_at=session.ended_at + timedelta(minutes=5),
        )
        for i, m in enumerate(here[:2])
    )
