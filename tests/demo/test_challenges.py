"""The demo's friendly matches were really played: every answer scored once, as an attempt."""

import pytest

from challenges.models import Challenge, ChallengeAnswer
from mastery.models import Attempt
from tests.demo_school import seed_demo_school

pytestmark = pytest.mark.django_db

ANCHOR = "2026-11-25"


def played():
    """The demo's matches in terms that survive a rebuild (tests/demo/test_seed_demo.py checks
    a reset plays them again alike)."""
    return [
        (c.challenger.username, c.opponent.username, c.kind, c.status, c.winner_id is not None)
        for c in Challenge.objects.select_related("challenger", "opponent").order_by("pk")
    ]


def test_demo_matches_are_played_through_the_services():
    seed_demo_school(ANCHOR)
    finished = Challenge.objects.filter(status=Challenge.Status.FINISHED)
    assert finished.count() == 6
    assert Challenge.objects.filter(status=Challenge.Status.PENDING).count() == 2
    for challenge in finished:
        assert challenge.players.filter(outcome="").count() == 0
        answers = ChallengeAnswer.objects.filter(challenge=challenge)
        assert answers.count() == 2 * len(challenge.question_ids)
        for answer in answers.select_related("attempt"):
            assert answer.attempt.source == Attempt.Source.CHALLENGE
            assert answer.attempt.answered_at == answer.received_at
            assert answer.received_at <= challenge.finished_at
        # Played after both players' own practice, so their mastery only moves forward.
        for player in (challenge.challenger, challenge.opponent):
            practice = Attempt.objects.filter(student=player).exclude(
                source=Attempt.Source.CHALLENGE
            )
            assert practice.latest("answered_at").answered_at < challenge.created_at
