"""Write the demo school to the database: content, people, eight weeks of history, progress.

Everything goes in with bulk_create inside one transaction, a fixed number of queries per
table; progress rows come from the simulation's fold of `rules.apply_attempt`, so they equal
what the live service would have stored, and no live events are published.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from growth.services import growth_rebuild_for_students
from hostapi.models import ApiClient, hash_token
from live.models import RoomCursor, RoomEvent
from live.rooms import user_room
from mastery import rules
from mastery.models import (
    Attempt,
    Choice,
    Exercise,
    MasterySnapshot,
    Question,
    Skill,
    SkillProgress,
    SkillUnlock,
)
from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

from . import people
from .generators.content import DIFFICULTIES, SUBJECTS, curriculum
from .seeders import challenges as challenges_demo
from .seeders import classgoals as classgoals_demo
from .seeders import collaboration as groups_demo
from .seeders import leaderboards as leaderboards_demo
from .seeders import peerhelp as peerhelp_demo
from .seeders import personal_challenges as personal_challenges_demo
from .seeders import reflections as reflections_demo
from .simulate import (
    HISTORY_DAYS,
    ExerciseRef,
    Learner,
    QuestionRef,
    SkillRef,
    assign_profiles,
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


def conflicts() -> list[str]:
    """Existing rows the seed would collide with (a real admin called `admin`, a MATH101...)."""
    found = [
        f"user {name}"
        for name in User.objects.filter(username__in=people.demo_usernames())
        .exclude(pk__in=_demo_users())
        .values_list("username", flat=True)
    ]
    codes = [s.code for s in SUBJECTS]
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
    skills = Skill.objects.filter(subject__code__in=[s.code for s in SUBJECTS])
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
    Subject.objects.filter(code__in=[s.code for s in SUBJECTS]).delete()
    School.objects.filter(name=people.SCHOOL_NAME).delete()


def _users(anchor: date, tz) -> dict[str, User]:
    # One hash for all: PBKDF2 is slow on purpose, and the demo password is shared anyway.
    password = make_password(people.PASSWORD)
    joined = datetime.combine(anchor - timedelta(days=HISTORY_DAYS + 4), time(9), tz)
    rows = []
    for person in (people.ADMIN, *people.TEACHERS, *people.STUDENTS):
        is_admin = person is people.ADMIN
        rows.append(
            User(
                username=person.username,
                email=person.email,
                password=password,
                role=person.role,
                display_name=person.display_name,
                first_name=person.first_name,
                last_name=person.last_name,
                is_staff=is_admin,
                is_superuser=is_admin,
                date_joined=joined,
            )
        )
    return {u.username: u for u in User.objects.bulk_create(rows)}


def _school(users: dict[str, User], subjects: dict[str, Subject]) -> list[SchoolClass]:
    school = School.objects.create(name=people.SCHOOL_NAME, city=people.SCHOOL_CITY)
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(
            school=school, name=name, grade=people.GRADE, academic_year=people.ACADEMIC_YEAR
        )
        for name in people.CLASS_NAMES
    )
    teacher1, teacher2 = (users[t.username] for t in people.TEACHERS)
    TeachingAssignment.objects.bulk_create(
        TeachingAssignment(teacher=teacher, school_class=klass, subject=subjects[code])
        for klass in classes
        for teacher, code in ((teacher1, "MATH101"), (teacher2, "PHYS101"), (teacher2, "BIOL101"))
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(student=users[s.username], school_class=classes[people.class_index(number)])
        for number, s in enumerate(people.STUDENTS, start=1)
    )
    # auto_now_add stamps the seed run; the pupils joined with their accounts instead.
    Enrollment.objects.filter(pk__in=[e.pk for e in enrollments]).update(
        enrolled_at=users[people.STUDENTS[0].username].date_joined
    )
    return classes


def _number_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _content() -> tuple[dict[str, Subject], dict[str, list[SkillRef]], dict[str, int]]:
    """Subjects, skills, sheets, questions and choices; returns what the simulation needs."""
    plan = curriculum()
    subjects = {
        s.code: s
        for s in Subject.objects.bulk_create(
            Subject(code=spec.code, **spec.name.columns("name")) for spec, _ in plan
        )
    }
    skill_rows = Skill.objects.bulk_create(
        Skill(
            subject=subjects[subject.code],
            code=skill.code,
            tier=skill.tier,
            position=skill.position,
            p_init=skill.p_init,
            **skill.name.columns("name"),
            **skill.description.columns("description"),
        )
        for subject, skills in plan
        for skill, _ in skills
    )
    skill_by_code = {(s.subject.code, s.code): s for s in skill_rows}
    Through = Skill.prerequisites.through  # noqa: N806 - a model class
    Through.objects.bulk_create(
        Through(
            from_skill=skill_by_code[(subject.code, skill.code)],
            to_skill=skill_by_code[(subject.code, prerequisite)],
        )
        for subject, skills in plan
        for skill, _ in skills
        for prerequisite in skill.prerequisites
    )

    sheet_rows, sheet_plans = [], []
    for subject, skills in plan:
        for skill, sheets in skills:
            for sheet in sheets:
                sheet_rows.append(
                    Exercise(
                        skill=skill_by_code[(subject.code, skill.code)],
                        position=sheet.position,
                        difficulty=sheet.difficulty,
                        **sheet.title.columns("title"),
                    )
                )
                sheet_plans.append(sheet)
    exercises = Exercise.objects.bulk_create(sheet_rows, batch_size=BATCH_SIZE)

    question_rows, question_plans = [], []
    for exercise, sheet in zip(exercises, sheet_plans, strict=True):
        for position, (spec, _choices) in enumerate(sheet.questions):
            question_rows.append(
                Question(
                    exercise=exercise,
                    kind=Question.Kind.CHOICE if spec.is_choice else Question.Kind.NUMERIC,
                    position=position,
                    numeric_answer=spec.answer,
                    tolerance=spec.tolerance,
                    **spec.prompt.columns("prompt"),
                    **spec.hint.columns("hint"),
                    **spec.explanation.columns("explanation"),
                )
            )
            question_plans.append((spec, _choices))
    questions = Question.objects.bulk_create(question_rows, batch_size=BATCH_SIZE)
    choices = Choice.objects.bulk_create(
        (
            Choice(
                question=question, position=position, is_correct=is_correct, **text.columns("text")
            )
            for question, (_spec, options) in zip(questions, question_plans, strict=True)
            for position, (text, is_correct) in enumerate(options)
        ),
        batch_size=BATCH_SIZE,
    )
    choices_by_question: dict[int, list[Choice]] = {}
    for choice in choices:
        choices_by_question.setdefault(choice.question_id, []).append(choice)

    refs: dict[int, QuestionRef] = {}
    for question, (spec, _options) in zip(questions, question_plans, strict=True):
        if spec.is_choice:
            options = choices_by_question[question.pk]
            refs[question.pk] = QuestionRef(
                question.pk,
                True,
                str(next(c.pk for c in options if c.is_correct)),
                tuple(str(c.pk) for c in options if not c.is_correct),
            )
        else:
            refs[question.pk] = QuestionRef(
                question.pk,
                False,
                _number_text(spec.answer),
                tuple(_number_text(m) for m in spec.mistakes),
            )
    questions_by_exercise: dict[int, list[QuestionRef]] = {}
    for question in questions:
        questions_by_exercise.setdefault(question.exercise_id, []).append(refs[question.pk])
    exercises_by_skill: dict[int, list[ExerciseRef]] = {}
    for exercise in exercises:
        exercises_by_skill.setdefault(exercise.skill_id, []).append(
            ExerciseRef(
                exercise.pk,
                DIFFICULTIES.index(exercise.difficulty),
                tuple(questions_by_exercise[exercise.pk]),
            )
        )

    trees: dict[str, list[SkillRef]] = {}
    for subject, skills in plan:
        tree = trees.setdefault(subject.code, [])
        for skill, _ in sorted(skills, key=lambda pair: (pair[0].tier, pair[0].position)):
            row = skill_by_code[(subject.code, skill.code)]
            tree.append(
                SkillRef(
                    row.pk,
                    subject.code,
                    row.tier,
                    tuple(skill_by_code[(subject.code, p)].pk for p in skill.prerequisites),
                    row.required_mastery,
                    row.bkt,
                    tuple(exercises_by_skill[row.pk]),
                )
            )
    counts = {
        "skills": len(skill_rows),
        "exercises": len(exercises),
        "questions": len(questions),
        "choices": len(choices),
    }
    return subjects, trees, counts


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
    MasterySnapshot.objects.bulk_create(
        (
            MasterySnapshot(
                student_id=student_id,
                skill_id=skill_id,
                day=day,
                p_known=state.p_known,
                half_life_days=state.half_life_days,
                last_practiced_at=state.last_practiced_at,
                attempts=state.attempts,
            )
            for (student_id, skill_id, day), state in history.snapshots.items()
        ),
        batch_size=BATCH_SIZE,
    )
    return history


def _state_fields(state: rules.ProgressState) -> dict:
    return {name: getattr(state, name) for name in rules.ProgressState.__dataclass_fields__}


@transaction.atomic
def build(anchor: date | None = None) -> Summary:
    """Create the demo school; raise DemoConflict if foreign rows stand in the way."""
    tz = timezone.get_default_timezone()
    anchor = anchor or timezone.localdate()
    found = conflicts()
    if found:
        raise DemoConflict(", ".join(found))
    users = _users(anchor, tz)
    subjects, trees, counts = _content()
    classes = _school(users, subjects)
    client = ApiClient.objects.create(
        name=people.API_CLIENT_NAME, token_hash=hash_token(people.API_TOKEN)
    )
    ApiClient.objects.filter(pk=client.pk).update(created_at=users["admin"].date_joined)
    history = _history(users, trees, anchor, tz)
    attempts = history.attempts
    # Personal bests and learning moments replay the same history through growth's rules.
    growth = growth_rebuild_for_students(
        student_ids=_demo_users().filter(role=User.Role.STUDENT).values_list("pk", flat=True)
    )
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
    friendly = challenges_demo.seed(classes=classes, anchor=anchor, tz=tz)
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
