"""Class goals follow each new attempt (settings.ATTEMPT_RECORDED_SUBSCRIBERS): one query
finds the student's open goals an attempt of this kind can move; only those in the attempt's
scope are measured again."""

from django.utils import timezone

from mastery.events import AttemptRecorded

from . import rules, selectors, services


def on_attempt(event: AttemptRecorded) -> None:
    kinds = {
        k for k in rules.KINDS if rules.moved_by_attempt(kind=k, finished_pass=event.finished_pass)
    }
    goals = selectors.open_goals_for_student(
        student_id=event.student_id, today=timezone.localdate(), kinds=kinds
    )
    of_skill = (event.skill_id, event.subject_id)
    moved = [
        g
        for g in goals
        if rules.in_scope(subject_id=g.subject_id, skill_id=g.skill_id, of_skill=of_skill)
    ]
    if moved:
        services.class_goals_refresh(goals=moved)
