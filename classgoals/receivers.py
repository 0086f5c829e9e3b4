"""Keep class goals moving with the class's work. Each receiver runs inside the sender's
transaction, so it stays cheap: one query finds the open goals an event can move, and a
goal is measured only when the event is of a kind that can move it. Attempts are followed up
by a task instead (subscribers.py)."""

from django.utils import timezone

from . import rules, selectors, services
from .models import ClassGoal


def _refresh(goals: list[ClassGoal]) -> None:
    if goals:
        services.class_goals_refresh(goals=goals)


def on_reflection_saved(sender, *, reflection, created, **kwargs) -> None:
    if not created:
        return
    goals = selectors.open_goals_for_student(
        student_id=reflection.student_id, today=timezone.localdate(), kinds={rules.REFLECTIONS}
    )
    of_skill = (reflection.exercise.skill_id, reflection.subject_id)
    _refresh(
        [
            g
            for g in goals
            if rules.in_scope(subject_id=g.subject_id, skill_id=g.skill_id, of_skill=of_skill)
        ]
    )


def on_help_session_completed(sender, *, session, **kwargs) -> None:
    # A session counts for the class it was asked in (peerhelp counts per school_class).
    goals = selectors.open_class_goals(
        school_class_id=session.school_class_id,
        today=timezone.localdate(),
        kinds={rules.HELP_SESSIONS},
    )
    _refresh(goals)


def on_student_erased(sender, *, class_ids, **kwargs) -> None:
    # The class is measured without the erased student, as after any student leaves.
    today = timezone.localdate()
    for class_id in sorted(class_ids):
        _refresh(
            selectors.open_class_goals(school_class_id=class_id, today=today, kinds=rules.KINDS)
        )
