"""Two attempts cross a challenge's line at the same moment, with real commits: the challenge
is completed and celebrated once.

The attempts are on different skills, so mastery's per-skill lock does not order them, and
several workers follow them up. The last test races the progress service alone (outside the
follow-up task, which orders one student's attempts), so only the challenge's own row lock
is left.
"""

import pytest
from django_tasks_db.models import DBTaskResult

from jobs.testing import drain
from mastery import services as mastery_services
from personal_challenges import services
from personal_challenges.models import PersonalChallenge
from tests.factories import build_world
from tests.growth.helpers import answer, numeric_exercise, skill_in
from tests.growth.test_concurrency import THREADS, _race

from .helpers import celebrations


def _questions(world):
    return [
        numeric_exercise(skill_in(world.math, f"race-{i}"), questions=1, title=f"Race {i}")[1][0]
        for i in range(THREADS)
    ]


def _daily_goal(world) -> PersonalChallenge:
    """Two questions today completes it: every racing answer crosses the line."""
    return services.personal_challenge_create(
        student=world.alice, kind="daily_practice", daily_unit="questions", daily_goal=2, target=1
    )


@pytest.mark.django_db(transaction=True)
def test_attempts_racing_over_the_line_complete_the_challenge_once():
    world = build_world()
    questions = _questions(world)
    _, [warmup] = numeric_exercise(world.skills[0], questions=1)
    challenge = _daily_goal(world)
    answer(world.alice, warmup)

    errors = _race(lambda i: answer(world.alice, questions[i], follow_up=False))
    # Followed up by several workers at once; then whatever stepped back to wait its turn.
    errors += _race(lambda i: drain())
    drain(include_deferred=True)

    assert errors == []
    challenge.refresh_from_db()
    assert challenge.status == PersonalChallenge.Status.COMPLETED
    assert challenge.day_total == 2  # the later answers found it completed and left it
    assert len(celebrations(world.alice)) == 1


@pytest.mark.django_db(transaction=True)
def test_the_challenge_row_lock_alone_makes_completion_happen_once():
    world = build_world()
    questions = _questions(world)
    challenge = _daily_goal(world)
    events = [
        mastery_services.attempt_event(answer(world.alice, q, follow_up=False)) for q in questions
    ]
    DBTaskResult.objects.all().delete()  # only the race below follows these attempts up
    challenge.refresh_from_db()
    assert challenge.day_total == 0

    completed = []
    errors = _race(
        lambda i: completed.extend(
            services.personal_challenge_progress_update(
                student_id=world.alice.pk, attempt=events[i]
            )
        )
    )

    assert errors == []
    assert len(completed) == 1
    challenge.refresh_from_db()
    assert (challenge.status, challenge.day_total) == (PersonalChallenge.Status.COMPLETED, 2)
    assert len(celebrations(world.alice)) == 1
