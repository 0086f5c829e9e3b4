"""Demo study groups: each subject's groups from demo/content/<subject>-groups.yaml (name,
goals that match the group's subject and focus, members, past sessions with what was said).

Deterministic: the same anchor date gives the same groups, sessions and words. Written straight
to the tables like the rest of the seed; no live event is published.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

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

from ..loader import CONTENT_DIR, ContentError, load_yaml

# Each session works through two of the focus skill's questions, a template on the round's
# own variant (`round_variant`, as the live session draws it).
QUESTIONS_PER_SESSION = 2


@dataclass(frozen=True)
class GroupSpec:
    subject: str
    class_index: int
    name: str
    description: str
    focus: str
    members: tuple[int, ...]  # positions in the class roll
    is_open: bool
    goals: tuple[tuple[str, int], ...]  # (skill code, target mastery); the first is the focus
    sessions: tuple[int, ...]  # days before the anchor
    chat: tuple[tuple[int, str], ...]  # (position among those present, text)
    insights: tuple[str, ...]
    reflections: tuple[str, ...]


def group_specs(directory: Path = CONTENT_DIR) -> list[GroupSpec]:
    """Every group of every `*-groups.yaml`, by file name, in file order."""
    specs = []
    for path in sorted(directory.glob("*-groups.yaml")):
        doc = load_yaml(path)
        for index, raw in enumerate(doc["groups"]):
            try:
                specs.append(_spec(doc["subject"], raw))
            except (KeyError, TypeError, ValueError) as exc:
                raise ContentError(f"{path.name}: groups[{index}]: {exc!r}") from None
    return specs


def _spec(subject: str, raw: dict) -> GroupSpec:
    lang = raw["language"]
    return GroupSpec(
        subject=subject,
        class_index=int(raw["class"]),
        name=raw["name"][lang],
        description=raw["description"][lang],
        focus=raw["focus"][lang],
        members=tuple(raw["members"]),
        is_open=bool(raw["open"]),
        goals=tuple((goal["skill"], int(goal["target"])) for goal in raw["goals"]),
        sessions=tuple(raw["sessions"]),
        chat=tuple((line["who"], line["text"]) for line in raw.get("chat", ())),
        insights=tuple(raw.get("insights", ())),
        reflections=tuple(raw.get("reflections", ())),
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
    for spec in group_specs():
        school_class = classes[spec.class_index]
        subject = Subject.objects.get(code=spec.subject)
        skills = {s.code: s for s in Skill.objects.filter(subject=subject)}
        missing = [code for code, _ in spec.goals if code not in skills]
        if missing:
            raise ContentError(f"group {spec.name!r}: no skill {', '.join(missing)}")
        roll = _roll(school_class)
        members = [roll[i] for i in spec.members]
        founded = _at(anchor, max(spec.sessions) + 5, tz, hour=12)
        focus_skill = skills[spec.goals[0][0]]
        group = StudyGroup.objects.create(
            school_class=school_class,
            subject=subject,
            name=spec.name,
            description=spec.description,
            current_focus=spec.focus,
            focus_skill=focus_skill,
            is_open=spec.is_open,
            created_by=members[0],
            created_at=founded,
        )
        GroupMembership.objects.bulk_create(
            GroupMembership(group=group, student=m, joined_at=founded + timedelta(hours=i))
            for i, m in enumerate(members)
        )
        GroupGoal.objects.bulk_create(
            GroupGoal(group=group, skill=skills[code], target_mastery=target, created_at=founded)
            for code, target in spec.goals
        )
        questions = list(
            Question.objects.filter(exercise__skill=focus_skill)
            .select_related("exercise")
            .prefetch_related("choices")
            .order_by("exercise__position", "position", "pk")[
                : QUESTIONS_PER_SESSION * len(spec.sessions)
            ]
        )
        for n, days in enumerate(sorted(spec.sessions, reverse=True)):
            _session(group, spec, members, questions, n, _at(anchor, days, tz))
            counts["group sessions"] += 1
        counts["study groups"] += 1
    return counts


def _answer(question: Question, session: GroupSession, round: int, *, correct: bool) -> str:
    if question.kind == Question.Kind.NUMERIC:
        seed = round_variant(session_id=session.pk, round=round, question=question)
        value = variants.draw(question, seed).answer + (0 if correct else 1)
        return f"{value.normalize():f}"
    return str(next(c.pk for c in question.choices.all() if c.is_correct == correct))


def _session(group, spec: GroupSpec, members, questions, n, start) -> None:
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
        for i, (who, text) in enumerate(spec.chat)
    )
    # The first session gets one round wrong before the group finds it: later ones go well.
    first = QUESTIONS_PER_SESSION * n
    for r, question in enumerate(questions[first : first + QUESTIONS_PER_SESSION], start=1):
        correct = r % 2 == 1 or n > 0
        GroupAnswer.objects.create(
            session=session,
            round=r,
            question=question,
            answer=_answer(question, session, r, correct=correct),
            correct=correct,
            submitted_by=here[r % len(here)],
            submitted_at=start + timedelta(minutes=10 * r),
        )
    if spec.insights and messages:
        GroupInsight.objects.create(
            session=session,
            author=here[0],
            message=messages[min(1, len(messages) - 1)],
            text=spec.insights[n % len(spec.insights)],
            pinned_at=start + timedelta(minutes=20),
        )
    if spec.reflections:
        GroupReflection.objects.bulk_create(
            GroupReflection(
                session=session,
                student=m,
                text=spec.reflections[(i + n) % len(spec.reflections)],
                created_at=session.ended_at + timedelta(minutes=5),
            )
            for i, m in enumerate(here[:2])
        )
