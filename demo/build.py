"""Write the demo school to the database: content, people, eight weeks of history, progress.

The content comes from demo/content/*.yaml (`loader`). Everything goes in with bulk_create
inside one transaction, a fixed number of queries per table; progress rows, daily snapshots
and unlocks come from the simulation's fold of `rules.apply_attempt`, so they equal what the
live service would have stored (and what a replay of the attempt log gives), the growth
records come from growth's own rebuild, and no live events are published.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from growth.services import growth_rebuild_for_students
from hostapi.models import ApiClient
from live.models import RoomCursor, RoomEvent
from live.rooms import user_room
from mastery import rules
from mastery.models import (
    Attempt,
    MasterySnapshot,
    Question,
    Skill,
    SkillProgress,
    SkillUnlock,
)
from mastery.practice_days import practice_days_refill
from schools.models import School, SchoolClass, Subject

from . import loader, people
from .seeders import challenges as challenges_demo
from .seeders import classgoals as classgoals_demo
from .seeders import collaboration as groups_demo
from .seeders import leaderboards as leaderboards_demo
from .seeders import peerhelp as peerhelp_demo
from .seeders import personal_challenges as personal_challenges_demo
from .seeders import reflections as reflections_demo
from .seeders import school as school_seeder
from .simulate import (
    ExerciseRef,
    Learner,
    QuestionRef,
    SkillRef,
    assign_profiles,
    plausible_mistakes,
    simulate,
)

BATCH_SIZE = 1000


class DemoConflict(Exception):
    """Rows that are not the demo's own stand where the demo would go."""


@dataclass
class Summary:
    anchor: date
    counts: dict[str, int] = field(default_factory=dict)
    first_attempt: datetime | None = None
    last_attempt: datetime | None = None


def demo_exists() -> bool:
    return School.objects.filter(name=people.SCHOOL_NAME).exists()


def _demo_users():
    return User.objects.filter(
        username__in=people.demo_usernames(), email__iendswith=f"@{people.EMAIL_DOMAIN}"
    )


def subject_codes() -> list[str]:
    return [subject.code for subject in loader.read_folder()]


def conflicts(codes: list[str]) -> list[str]:
    """Existing rows the seed would collide with (a real admin called `admin`, a MATH101...)."""
    found = [
        f"user {name}"
        for name in User.objects.filter(username__in=people.demo_usernames())
        .exclude(pk__in=_demo_users())
        .values_list("username", flat=True)
    ]
    found += [
        f"subject {c}"
        for c in Subject.objects.filter(code__in=codes).values_list("code", flat=True)
    ]
    if ApiClient.objects.filter(name=people.API_CLIENT_NAME).exists():
        found.append(f"API client {people.API_CLIENT_NAME!r}")
    return found


@transaction.atomic
def reset() -> None:
    """Delete everything the seed creates (and anything practised on the demo content)."""
    codes = subject_codes()
    skills = Skill.objects.filter(subject__code__in=codes)
    # Challenge answers protect their attempts; attempts protect their question, exercise,
    # skill and client: they go first.
    challenges_demo.reset(user_ids=list(_demo_users().values_list("pk", flat=True)))
    Attempt.objects.filter(skill__in=skills).delete()
    Attempt.objects.filter(client__name=people.API_CLIENT_NAME).delete()
    ApiClient.objects.filter(name=people.API_CLIENT_NAME).delete()
    classgoals_demo.reset(
        class_ids=list(
            SchoolClass.objects.filter(school__name=people.SCHOOL_NAME).values_list("pk", flat=True)
        )
    )
    user_ids = list(_demo_users().values_list("pk", flat=True))
    rooms = [user_room(pk) for pk in user_ids]
    RoomEvent.objects.filter(room__in=rooms).delete()
    RoomCursor.objects.filter(room__in=rooms).delete()
    User.objects.filter(pk__in=user_ids).delete()
    Subject.objects.filter(code__in=codes).delete()
    School.objects.filter(name=people.SCHOOL_NAME).delete()


def _refs(loaded: list[loader.LoadedSubject]) -> dict[str, list[SkillRef]]:
    """What the simulation needs of the content, per subject in tree order (no ORM)."""
    trees: dict[str, list[SkillRef]] = {}
    for subject in loaded:
        by_code = {skill.data.code: skill.row for skill in subject.skills}
        tree = trees.setdefault(subject.data.code, [])
        for skill in sorted(subject.skills, key=lambda s: (s.data.tier, s.data.position)):
            tree.append(
                SkillRef(
                    skill.row.pk,
                    subject.data.code,
                    skill.data.tier,
                    tuple(by_code[code].pk for code in skill.data.prerequisites),
                    skill.data.required_mastery,
                    skill.data.bkt,
                    tuple(
                        ExerciseRef(
                            exercise.row.pk,
                            exercise.data.level,
                            tuple(_question_ref(q) for q in exercise.questions),
                        )
                        for exercise in skill.exercises
                    ),
                )
            )
    return trees


def _question_ref(question: loader.LoadedQuestion) -> QuestionRef:
    data = question.data
    if data.kind == Question.Kind.CHOICE:
        return QuestionRef(
            question.row.pk,
            True,
            str(next(c.pk for c in question.choices if c.is_correct)),
            tuple(str(c.pk) for c in question.choices if not c.is_correct),
        )
    if data.is_template:
        return QuestionRef(question.row.pk, False, template=question.row)
    return QuestionRef(
        question.row.pk,
        False,
        format(data.answer.normalize(), "f"),
        plausible_mistakes(data.answer, data.tolerance),
    )


def _history(users: dict[str, User], trees: dict[str, list[SkillRef]], anchor: date, tz):
    learners = [
        Learner(users[s.username].pk, number, profile, quiet)
        for number, (s, (profile, quiet)) in enumerate(
            zip(people.STUDENTS, assign_profiles(len(people.STUDENTS)), strict=True), start=1
        )
    ]
    history = simulate(learners, trees, anchor, tz)
    # Source DEMO: like a platform report, it opens no exercise pass (ExerciseRun).
    Attempt.objects.bulk_create(
        (
            Attempt(
                student_id=a.student_id,
                question_id=a.question_id,
                exercise_id=a.exercise_id,
                skill_id=a.skill_id,
                answer=a.answer,
                variant=a.variant,
                correct=a.correct,
                attempt_number=a.attempt_number,
                time_spent_ms=a.time_spent_ms,
                hint_used=a.hint_used,
                source=Attempt.Source.DEMO,
                answered_at=a.answered_at,
            )
            for a in history.attempts
        ),
        batch_size=BATCH_SIZE,
    )
    SkillProgress.objects.bulk_create(
        (
            SkillProgress(student_id=student_id, skill_id=skill_id, **_state_fields(state))
            for (student_id, skill_id), state in history.progress.items()
        ),
        batch_size=BATCH_SIZE,
    )
    SkillUnlock.objects.bulk_create(
        (
            SkillUnlock(student_id=student_id, skill_id=skill_id, unlocked_at=at)
            for (student_id, skill_id), at in history.unlocks.items()
        ),
        batch_size=BATCH_SIZE,
    )
    gaps = rules.day_gaps(((s, k), day) for s, k, day in history.snapshots)
    MasterySnapshot.objects.bulk_create(
        (
            MasterySnapshot(
                student_id=student_id,
                skill_id=skill_id,
                day=day,
                gap_days=gaps.get(((student_id, skill_id), day)),
                p_known=state.p_known,
                half_life_days=state.half_life_days,
                last_practiced_at=state.last_practiced_at,
                attempts=state.attempts,
                sessions=state.sessions,
                level_correct=list(state.level_correct),
            )
            for (student_id, skill_id, day), state in history.snapshots.items()
        ),
        batch_size=BATCH_SIZE,
    )
    practice_days_refill(student_ids=sorted({s for s, _k, _d in history.snapshots}))
    return history


def _state_fields(state: rules.ProgressState) -> dict:
    fields = {name: getattr(state, name) for name in rules.ProgressState.__dataclass_fields__}
    return fields | {"level_correct": list(state.level_correct)}


@transaction.atomic
def build(anchor: date | None = None) -> Summary:
    """Create the demo school; raise DemoConflict if foreign rows stand in the way."""
    tz = timezone.get_default_timezone()
    anchor = anchor or timezone.localdate()
    content = loader.read_folder()
    found = conflicts([subject.code for subject in content])
    if found:
        raise DemoConflict(", ".join(found))
    users = school_seeder.users(anchor, tz)
    loaded = loader.write(content)
    subjects = {subject.row.code: subject.row for subject in loaded}
    trees = _refs(loaded)
    counts = {
        name: sum(subject.counts()[name] for subject in loaded)
        for name in ("skills", "exercises", "questions", "templates", "choices")
    }
    classes = school_seeder.school(users, subjects)
    school_seeder.api_client(joined=users["admin"].date_joined)
    history = _history(users, trees, anchor, tz)
    attempts = history.attempts
    # Personal bests and learning moments replay the same history through growth's rules.
    growth = growth_rebuild_for_students(
        student_ids=_demo_users().filter(role=User.Role.STUDENT).values_list("pk", flat=True)
    )
    # Matches go through the live services: every answer moves mastery, so they are played
    # before the seeders that read it (helpers, goals, challenges).
    friendly = challenges_demo.seed(classes=classes, anchor=anchor, tz=tz)
    students = [users[s.username] for s in people.STUDENTS]
    reflections = reflections_demo.seed(students=students)
    boards = leaderboards_demo.seed(students=[users[s.username] for s in people.STUDENTS])
    peer_help = peerhelp_demo.seed(classes=classes, anchor=anchor, tz=tz)
    class_goals = classgoals_demo.seed(
        anchor=anchor,
        classes=classes,
        teacher=users[people.TEACHERS[0].username],
        subject=subjects["MATH101"],
    )
    groups = groups_demo.seed(classes=classes, anchor=anchor, tz=tz)
    challenges = personal_challenges_demo.seed(
        students=_demo_users().filter(role=User.Role.STUDENT), anchor=anchor
    )
    summary = Summary(anchor=anchor)
    summary.counts = {
        "students": len(people.STUDENTS),
        "teachers": len(people.TEACHERS),
        "classes": len(classes),
        "subjects": len(subjects),
        **counts,
        "attempts": len(attempts),
        "progress rows": len(history.progress),
        "unlocks": len(history.unlocks),
        "daily snapshots": len(history.snapshots),
        "personal bests": growth.personal_bests,
        "learning moments": growth.recognitions,
        "rushing flags": growth.rushing_flags,
        "reflections": reflections,
        **boards,
        "class goals": class_goals,
        **groups,
        **peer_help,
        "personal challenges": challenges,
        "friendly challenges": friendly,
    }
    if attempts:
        summary.first_attempt = min(a.answered_at for a in attempts)
        summary.last_attempt = max(a.answered_at for a in attempts)
    return summary
