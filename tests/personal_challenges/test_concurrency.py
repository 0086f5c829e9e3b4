"""Two attempts cross a challenge's line at the same moment, with real commits: the challenge
is completed and celebrated once.

The attempts are on different skills, so mastery's per-skill lock does not order them. The
last test races the progress service alone (outside attempt_record, whose growth hook also
happens to lock the student's growth row), so only the challenge's own row lock is left.
"""

import pytest

from personal_challenges import services
from personal_challenges.models import PersonalChallenge
from project.signals import attempt_recorded
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

    errors = _race(lambda i: answer(world.alice, questions[i]))

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
    attempt_recorded.disconnect(dispatch_uid="personal_challenges.attempt")
    try:
        outcomes = [answer(world.alice, q) for q in questions]
    finally:
        from personal_challenges import receivers

        attempt_recorded.connect(
            receivers.on_attempt_recorded, dispatch_uid="personal_challenges.attempt"
        )
    challenge.refresh_from_db()
    assert challenge.day_total == 0  # the receiver was really off

    completed = []
    errors = _race(
        lambda i: completed.extend(
            services.personal_challenge_progress_update(student=world.alice, outcome=outcomes[i])
        )
    )

    assert errors == []
    assert len(completed) == 1
    challenge.refresh_from_db()
    assert (challenge.status, challenge.day_total) == (PersonalChallenge.Status.COMPLETED, 2)
    assert len(celebrations(world.alice)) == 1
