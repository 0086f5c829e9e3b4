"""A small school built in code: two classes, a teacher each, a subject with a skill chain."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.contrib.auth.hashers import make_password
from django.utils import translation

from accounts.models import User
from mastery.models import Choice, Exercise, Question, Skill
from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

PASSWORD = "growth-test-pass"


@cache
def _password_hash() -> str:
    # Hashing is deliberately slow; every test user shares one hash of the same password.
    return make_password(PASSWORD)


def make_user(username: str, role: str = User.Role.STUDENT, **extra) -> User:
    return User.objects.create(
        username=username,
        role=role,
        email=f"{username}@example.test",
        password=_password_hash(),
        **extra,
    )


def make_teacher(username: str, school_class: SchoolClass, subject: Subject) -> User:
    """A teacher of `subject` in `school_class` (and nothing else)."""
    teacher = make_user(username, User.Role.TEACHER)
    TeachingAssignment.objects.create(teacher=teacher, school_class=school_class, subject=subject)
    return teacher


@dataclass
class World:
    school: School
    math: Subject
    physics: Subject
    class_a: SchoolClass
    class_b: SchoolClass
    teacher_a: User
    teacher_b: User
    alice: User  # class A
    bilal: User  # class A
    chloe: User  # class B
    skills: list[Skill]
    exercise: Exercise
    choice_q: Question
    numeric_q: Question
    physics_exercise: Exercise


def make_exercise(skill: Skill, title: str = "Practice") -> tuple[Exercise, Question, Question]:
    exercise = Exercise.objects.create(skill=skill, title=title, position=1)
    choice_q = Question.objects.create(
        exercise=exercise,
        kind=Question.Kind.CHOICE,
        prompt="7 + 5 = ?",
        position=1,
        hint="Count on from 7.",
        explanation="7 + 5 = 12",
    )
    for i, (text, ok) in enumerate([("11", False), ("12", True), ("13", False)]):
        Choice.objects.create(question=choice_q, text=text, is_correct=ok, position=i)
    numeric_q = Question.objects.create(
        exercise=exercise,
        kind=Question.Kind.NUMERIC,
        prompt="15 - 8 = ?",
        position=2,
        numeric_answer=Decimal("7"),
    )
    return exercise, choice_q, numeric_q


def build_world() -> World:
    with translation.override("en"):
        return _build_world()


def _build_world() -> World:
    school = School.objects.create(name="Lycée Test")
    math = Subject.objects.create(code="MATH101", name="Mathematics")
    physics = Subject.objects.create(code="PHYS101", name="Physics")
    class_a = SchoolClass.objects.create(school=school, name="TC-A", grade="TC")
    class_b = SchoolClass.objects.create(school=school, name="TC-B", grade="TC")
    teacher_a = make_user("teacher_a", User.Role.TEACHER)
    teacher_b = make_user("teacher_b", User.Role.TEACHER)
    TeachingAssignment.objects.create(teacher=teacher_a, school_class=class_a, subject=math)
    TeachingAssignment.objects.create(teacher=teacher_b, school_class=class_b, subject=math)
    TeachingAssignment.objects.create(teacher=teacher_b, school_class=class_b, subject=physics)
    alice, bilal, chloe = (make_user(n) for n in ("alice", "bilal", "chloe"))
    for student, klass in ((alice, class_a), (bilal, class_a), (chloe, class_b)):
        Enrollment.objects.create(student=student, school_class=klass)
    skills = []
    for i, name in enumerate(["Addition", "Multiplication", "Division"]):
        skill = Skill.objects.create(subject=math, code=name.lower(), name=name, position=i)
        if skills:
            skill.prerequisites.add(skills[-1])
        skills.append(skill)
    exercise, choice_q, numeric_q = make_exercise(skills[0])
    physics_skill = Skill.objects.create(subject=physics, code="inertia", name="Inertia")
    physics_exercise, _, _ = make_exercise(physics_skill, "Inertia practice")
    return World(
        school,
        math,
        physics,
        class_a,
        class_b,
        teacher_a,
        teacher_b,
        alice,
        bilal,
        chloe,
        skills,
        exercise,
        choice_q,
        numeric_q,
        physics_exercise,
    )


def correct_choice(question: Question) -> Choice:
    return question.choices.get(is_correct=True)


def wrong_choice(question: Question) -> Choice:
    return question.choices.filter(is_correct=False).first()


def make_template(exercise: Exercise, position: int = 3, **overrides) -> Question:
    """A parametrised numeric question: a + b with a in 10..99 and b in 0.5..9.5."""
    fields = {
        "exercise": exercise,
        "kind": Question.Kind.NUMERIC,
        "prompt_en": "Calculate {a} + {b}.",
        "prompt_fr": "Calcule {a} + {b}.",
        "prompt_ar": "احسب {a} + {b}",
        "hint_en": "Add {b} to {a}.",
        "explanation_en": "{a} + {b} = {answer}",
        "explanation_fr": "{a} + {b} = {answer}",
        "params": {
            "vars": {"a": {"min": 10, "max": 99}, "b": {"min": 0.5, "max": 9.5, "step": 0.5}}
        },
        "answer_formula": "a + b",
        "position": position,
        **overrides,
    }
    question = Question(**fields)
    question.full_clean()
    question.save()
    return question
