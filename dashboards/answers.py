"""Answers as a teacher reads them: the question as the student saw it (a template with its
numbers), the answer given (a choice's text, not its id), right or not, time and hint."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from mastery import rules, variants
from mastery.models import Attempt, Question


@dataclass(frozen=True)
class AttemptRow:
    attempt: Attempt
    prompt: str
    answer: str

    @property
    def seconds(self) -> int:
        return round(self.attempt.time_spent_ms / 1000)

    @property
    def answered_at(self) -> datetime:
        return self.attempt.answered_at


def answer_text(question: Question, answer: str) -> str:
    """A choice's text for a choice question (its id is what is stored); a number as the
    reader writes numbers ("529,2" on a French page, whoever typed "529.2"); else as typed."""
    if question.kind == Question.Kind.CHOICE:
        for choice in question.choices.all():
            if str(choice.pk) == answer:
                return choice.text
        return answer
    value = rules.parse_number(answer)
    return answer if value is None else variants.format_number(value)


def prompt_as_seen(question: Question, variant: int) -> str:
    if not question.is_template:
        return question.prompt
    return variants.text(question, "prompt", variants.draw(question, variant))


def attempt_rows(attempts: QuerySet[Attempt], *, limit: int) -> list[AttemptRow]:
    """The newest `limit` attempts, in two queries: with their question, exercise and skill,
    and the questions' choices."""
    rows = (
        attempts.select_related("question", "exercise", "skill")
        .prefetch_related("question__choices")
        .order_by("-answered_at", "-pk")[:limit]
    )
    return [
        AttemptRow(a, prompt_as_seen(a.question, a.variant), answer_text(a.question, a.answer))
        for a in rows
    ]
