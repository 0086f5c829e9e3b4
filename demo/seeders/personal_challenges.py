"""Demo personal challenges: a few students set goals during the demo history, and their
progress is replayed from their own attempts through the same rules as the live path, so
what the pages show is what practice would have produced (completed, going on, past their
deadline). Deterministic for a given anchor date."""

from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from growth import rules as growth_rules
from growth.models import PersonalBest
from mastery.models import Attempt, SkillProgress
from mastery.selectors import progress_displayed
from personal_challenges import rules
from personal_challenges.models import PersonalChallenge

# How many demo students set challenges (the first ones, by username).
STUDENTS = 8


def _at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _replay(challenge: PersonalChallenge, attempts: list[tuple]) -> None:
    """Fold the student's attempts since the challenge was set, up to its deadline."""
    goal, state = challenge.goal, challenge.state
    for answered_at, exercise_id, skill_id, spent in attempts:
        day = timezone.localdate(answered_at)
        if answered_at < challenge.created_at or (challenge.deadline and day > challenge.deadline):
            continue
        facts = rules.AttemptFacts(
            day=day,
            exercise_id=exercise_id,
            skill_id=skill_id,
            time_spent_ms=spent,
            mastery_after=0,
        )
        state = rules.after_attempt(goal, state, facts)
        if rules.is_complete(goal, state):
            challenge.status = PersonalChallenge.Status.COMPLETED
            challenge.completed_at = answered_at
            challenge.reflect_exercise_id = exercise_id
            break
    challenge.set_state(state)


def _goals(student: User, index: int, anchor: date) -> list[PersonalChallenge]:
    def goal(kind: str, days_ago: int, **fields) -> PersonalChallenge:
        return PersonalChallenge(
            student=student, kind=kind, created_at=_at(anchor - timedelta(days=days_ago)), **fields
        )

    goals = [
        goal(rules.LEARNING_STREAK, 12, target=3, why="Je veux pratiquer chaque jour."),
        goal(
            rules.DAILY_PRACTICE,
            9,
            target=3,
            daily_unit=rules.QUESTIONS,
            daily_goal=5,
            deadline=anchor + timedelta(days=5),
            shared_with_teachers=index % 2 == 0,
        ),
    ]
    if index % 3 == 0:
        goals.append(
            goal(
                rules.LEARNING_STREAK,
                24,
                target=14,
                deadline=anchor - timedelta(days=8),
                strategy="Un exercice après le dîner.",
            )
        )
    best = (
        PersonalBest.objects.filter(
            student=student, metric=growth_rules.EXERCISE_SCORE, exercise__isnull=False
        )
        .values("exercise_id")
        .annotate(best=Max("value"))
        .filter(best__lt=100)
        .order_by("-best", "exercise_id")
        .first()
    )
    if best is not None:
        target = min(100, best["best"] + rules.SCORE_STEP * 2)
        goals.append(
            goal(
                rules.BEAT_SCORE,
                1,
                target=target,
                exercise_id=best["exercise_id"],
                baseline=best["best"],
                progress=best["best"],
                best_progress=best["best"],
            )
        )
    # The skill closest to mastered, by the number the student sees (not mastered yet).
    shown = [
        (progress_displayed(row, top_level=row.skill.top_level).percent, row.skill_id)
        for row in SkillProgress.objects.filter(student=student, attempts__gt=0).select_related(
            "skill"
        )
    ]
    below = [(-percent, skill_id) for percent, skill_id in shown if percent < rules.MASTERED]
    if below:
        minus_percent, skill_id = min(below)
        percent = -minus_percent
        goals.append(
            goal(
                rules.MASTER_SKILL,
                2,
                target=rules.MASTERED,
                skill_id=skill_id,
                baseline=percent,
                progress=percent,
                best_progress=percent,
            )
        )
    return goals


def seed(*, students, anchor: date) -> int:
    """Personal challenges for the first demo students; returns how many were created."""
    created = []
    for index, student in enumerate(list(students.order_by("username")[:STUDENTS])):
        attempts = list(
            Attempt.objects.filter(student=student, answered_at__gte=_at(anchor - timedelta(30)))
            .order_by("answered_at", "pk")
            .values_list("answered_at", "exercise_id", "skill_id", "time_spent_ms")
        )
        for challenge in _goals(student, index, anchor):
            if challenge.kind in (rules.LEARNING_STREAK, rules.DAILY_PRACTICE):
                _replay(challenge, attempts)
            created.append(challenge)
    PersonalChallenge.objects.bulk_create(created)
    return len(created)
