"""A question as the answer path needs it (its exercise, skill, choices and the skills it may
unlock), kept in this process for a short while.

Every scored answer used to read the question, its choices and the skill's dependents again:
three round trips for content that changes a few times a year. A save or delete of any
content row in this process empties the cache at once; another process's edit is seen
within CONTENT_TTL_SECONDS (a match or a session in progress may grade one more answer
against the old key, as it would have if the edit had come a moment later).
"""

import threading
import time
from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Choice, Exercise, Question, Skill

CONTENT_TTL_SECONDS = 30.0


@dataclass(frozen=True)
class QuestionContent:
    question: Question  # with .exercise and .exercise.skill loaded; read only
    choices: tuple[Choice, ...]  # in display order
    # (skill id, required mastery) of the skills that list this one as a prerequisite.
    dependents: tuple[tuple[int, int], ...]

    def choice(self, choice_id: int) -> Choice | None:
        return next((c for c in self.choices if c.pk == choice_id), None)

    @property
    def correct_choice(self) -> Choice | None:
        return next((c for c in self.choices if c.is_correct), None)


_lock = threading.Lock()
_entries: dict[int, tuple[float, QuestionContent]] = {}


def question_content(question_id: int) -> QuestionContent:
    """Raises Question.DoesNotExist for an unknown id."""
    now = time.monotonic()
    entry = _entries.get(question_id)
    if entry is not None and now - entry[0] < CONTENT_TTL_SECONDS:
        return entry[1]
    question = Question.objects.select_related("exercise__skill").get(pk=question_id)
    choices = tuple(Choice.objects.filter(question_id=question_id).order_by("position", "pk"))
    skill = question.exercise.skill
    dependents = tuple(skill.unlocks.order_by("pk").values_list("pk", "required_mastery"))
    content = QuestionContent(question, choices, dependents)
    with _lock:
        _entries[question_id] = (now, content)
    return content


def clear(**_kwargs) -> None:
    with _lock:
        _entries.clear()


for _model in (Question, Choice, Exercise, Skill):
    post_save.connect(clear, sender=_model, dispatch_uid=f"content-clear-save-{_model.__name__}")
    post_delete.connect(clear, sender=_model, dispatch_uid=f"content-clear-del-{_model.__name__}")
m2m_changed.connect(
    clear, sender=Skill.prerequisites.through, dispatch_uid="content-clear-prerequisites"
)
