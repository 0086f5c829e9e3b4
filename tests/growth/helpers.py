"""Helpers for growth tests: facts for the pure rules, and real attempts through the service."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from growth import rules
from jobs.testing import drain
from mastery import services as mastery_services
from mastery.models import Exercise, Question, QuestionServe, Skill
from tests.factories import correct_choice, wrong_choice

T0 = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)  # a Monday afternoon in Casablanca


def facts(**overrides) -> rules.AttemptFacts:
    values = {
        "at": T0,
        "day": T0.date(),
        "correct": True,
        "attempt_number": 1,
        "time_spent_ms": 30_000,
        "hint_used": False,
        "question_id": 1,
        "exercise_id": 1,
        "skill_id": 1,
        "difficulty": "beginner",
        "mastery_before": 50,
        "mastery_after": 55,
        "skill_attempts_before": 10,
    }
    values.update(overrides)
    if "at" in overrides and "day" not in overrides:
        values["day"] = values["at"].date()
    return rules.AttemptFacts(**values)


def past(*tries: tuple[bool, int, int], at: datetime = T0) -> list[rules.PastTry]:
    """Earlier tries, most recent first: (correct, attempt_number, seconds before `at`)."""
    return [
        rules.PastTry(at - timedelta(seconds=ago), ok, number, 20_000, False)
        for ok, number, ago in tries
    ]


def numeric_exercise(
    skill: Skill, *, questions: int = 3, difficulty: str = "beginner", title: str = "Sheet"
) -> tuple[Exercise, list[Question]]:
    exercise = Exercise.objects.create(
        skill=skill,
        title_en=title,
        title_fr=f"{title} (fr)",
        title_ar=f"{title} (ar)",
        difficulty=difficulty,
        position=9,
    )
    items = [
        Question.objects.create(
            exercise=exercise,
            kind=Question.Kind.NUMERIC,
            prompt=f"{i} + 1 = ?",
            position=i,
            numeric_answer=Decimal(i + 1),
        )
        for i in range(1, questions + 1)
    ]
    return exercise, items


def skill_in(subject, code: str) -> Skill:
    return Skill.objects.create(subject=subject, code=code, name=code.title(), position=50)


def answer(
    student,
    question: Question,
    *,
    correct: bool = True,
    seconds: float = 30,
    hint: bool = False,
    at: datetime | None = None,
    follow_up: bool = True,
):
    """Answer as the practice page does, with the server clock started `seconds` ago; then,
    unless `follow_up` is off, run the answer's follow-ups as the worker would (drain)."""
    QuestionServe.objects.filter(student=student, question=question).delete()
    QuestionServe.objects.create(
        student=student,
        question=question,
        served_at=timezone.now() - timedelta(seconds=seconds),
        hint_used=hint,
    )
    if question.kind == Question.Kind.NUMERIC:
        value = str(question.numeric_answer + (0 if correct else 100))
    else:
        value = str((correct_choice(question) if correct else wrong_choice(question)).pk)
    outcome = mastery_services.attempt_record(
        student=student, question=question, answer=value, answered_at=at
    )
    if follow_up:
        drain()
    return outcome


def run_through(student, questions, *, wrong_first: int = 0, hints: int = 0, at=None):
    """One pass through an exercise: the first `wrong_first` questions get a wrong try and
    then a right one, the first `hints` are answered with a hint; returns the last outcome."""
    mastery_services.exercise_run_start(student=student, exercise=questions[0].exercise)
    outcome = None
    for i, question in enumerate(questions):
        if i < wrong_first:
            answer(student, question, correct=False, hint=i < hints, at=at)
        outcome = answer(student, question, hint=i < hints, at=at)
    return outcome


def local_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))
