"""A bench school built from nothing (no demo data): classes of new students, each class with
its own teacher, and one subject of fixed questions whose right answers are known.

Every student exists once: a benchmark that needs 2,000 players creates 2,000 students.
"""

from dataclasses import dataclass, field
from decimal import Decimal

# No one logs in with a password: sessions are made directly (bench/_setup.py).
UNUSABLE = "!"
DIFFICULTIES = ("beginner", "intermediate", "advanced", "expert")


@dataclass
class World:
    school: object
    subject: object
    classes: list = field(default_factory=list)  # [(SchoolClass, teacher, [students])]
    exercises: list = field(default_factory=list)
    questions: list = field(default_factory=list)

    @property
    def students(self) -> list:
        return [s for _, _, members in self.classes for s in members]


def build_world(
    *,
    students: int,
    class_size: int = 30,
    skills: int = 2,
    exercises_per_skill: int = 2,
    questions_per_exercise: int = 10,
    prefix: str = "b",
    subject_code: str = "BENCH",
) -> World:
    from accounts.models import User
    from mastery.models import Choice, Exercise, Question, Skill
    from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

    school = School.objects.create(name="Bench school")
    subject = Subject.objects.create(code=subject_code, name=f"Bench mathematics {subject_code}")
    world = World(school=school, subject=subject)
    n_classes = max(1, -(-students // class_size))
    teachers = User.objects.bulk_create(
        User(username=f"{prefix}t{c:04d}", role=User.Role.TEACHER, password=UNUSABLE)
        for c in range(n_classes)
    )
    pupils = User.objects.bulk_create(
        (
            User(username=f"{prefix}s{i:05d}", role=User.Role.STUDENT, password=UNUSABLE)
            for i in range(students)
        ),
        batch_size=2000,
    )
    enrollments = []
    for c in range(n_classes):
        klass = SchoolClass.objects.create(school=school, name=f"TC-{c + 1}", grade="TC")
        TeachingAssignment.objects.create(teacher=teachers[c], school_class=klass, subject=subject)
        members = pupils[c * class_size : (c + 1) * class_size]
        enrollments += [Enrollment(student=s, school_class=klass) for s in members]
        world.classes.append((klass, teachers[c], members))
    Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    previous = None
    for s in range(skills):
        skill = Skill.objects.create(subject=subject, code=f"s{s}", name=f"Skill {s}", position=s)
        if previous:
            skill.prerequisites.add(previous)
        previous = skill
        for e in range(exercises_per_skill):
            exercise = Exercise.objects.create(
                skill=skill, title=f"Exercise {s}.{e}", difficulty=DIFFICULTIES[e % 4], position=e
            )
            world.exercises.append(exercise)
            for q in range(questions_per_exercise):
                if q % 2:
                    question = Question.objects.create(
                        exercise=exercise,
                        kind=Question.Kind.NUMERIC,
                        prompt=f"{q} + {e} = ?",
                        numeric_answer=Decimal(q + e),
                        position=q,
                    )
                else:
                    question = Question.objects.create(
                        exercise=exercise, prompt=f"Pick {q}", position=q
                    )
                    Choice.objects.bulk_create(
                        Choice(question=question, text=str(c), is_correct=c == q, position=c)
                        for c in (q, q + 1, q + 2)
                    )
                world.questions.append(question)
    return world


def right_answer(question) -> str:
    """The right answer to a fixed (non-template) bench question, as a client sends it."""
    from mastery.models import Question

    if question.kind == Question.Kind.NUMERIC:
        return f"{question.numeric_answer.normalize():f}"
    return str(next(c.pk for c in question.choices.all() if c.is_correct))
