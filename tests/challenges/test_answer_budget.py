"""Score first: what one scored answer costs inside its own transaction (the players wait
for it), with every other consequence left to the attempt's follow-up task, measured here
separately (the worker pays for it, nobody waits)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges import services
from challenges.models import Challenge, ChallengeAnswer
from jobs.testing import drain, pending
from mastery import content
from mastery.models import Attempt

from .helpers import right, started

# Issue 12's goal, reached: the seats under the challenge's lock (1), the skill's progress
# row locked or created (1), the attempt number (1), progress + snapshot + attempt (1), the
# student's own attempt.recorded (1), the follow-up task (1), the answer + seat (1), the
# match's answer.result + score (1). It was 30, then 25. It may only go down.
ANSWER_QUERIES = 8
# The answer that completes a question also closes it and serves the next: the challenge's
# row (1); its events join the same single write to the room's log.
CLOSING_EXTRA = 1
# Reading a question's content (question, choices, dependent skills) the first time in a
# process, or after mastery.content's time to live: 3 reads, then none for a while.
COLD_CONTENT = 3
# What the worker does for one scored answer's follow-ups (growth, personal challenges,
# class goals), the worker's claim and bookkeeping included. Measured 2026-12-05: 32 for
# each of a match's first two answers. It may only go down.
FOLLOWUP_QUERIES = 32


def _answer_queries(world, challenge, player) -> list[str]:
    """The statements of challenge_answer, less the outermost savepoint and its release
    (in production the transaction's own BEGIN and COMMIT)."""
    challenge.refresh_from_db()
    qid = challenge.current_question_id
    value = right(world, qid)
    with CaptureQueriesContext(connection) as ctx:
        outcome = services.challenge_answer(
            challenge_id=challenge.pk, player=player, question_id=qid, answer=value
        )
    assert outcome is None
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sql[0].startswith("SAVEPOINT") and sql[-1].startswith("RELEASE SAVEPOINT")
    return sql[1:-1]


def _warm(challenge: Challenge) -> None:
    """A busy process has the match's questions in memory (serving one reads it)."""
    for question_id in challenge.question_ids:
        content.question_content(question_id)


def test_a_scored_answer_stays_within_its_query_budget(world):
    challenge = started(world)
    _warm(challenge)
    first = _answer_queries(world, challenge, world.alice)
    # The second answer also closes the question and serves the next one.
    second = _answer_queries(world, challenge, world.bilal)
    assert ChallengeAnswer.objects.filter(challenge=challenge).count() == 2
    assert pending() == 2  # the follow-ups wait for the worker, outside the budget
    assert len(first) <= ANSWER_QUERIES, "\n".join(first)
    assert len(second) <= ANSWER_QUERIES + CLOSING_EXTRA, "\n".join(second)
    # Nothing the transaction wrote is read back: one SELECT for the seats, one aggregate.
    assert sum(q.lstrip().startswith("SELECT") for q in first) == 2, "\n".join(first)
    # The lock order (docs/protocol.md): the challenge's row, then its seats, then (last, by
    # the events) the room's cursor.
    assert first[0].endswith(
        'FOR UPDATE OF "challenges_challenge", "challenges_challengeplayer"'
    ), first[0]
    assert "live_roomcursor" in first[-1] and "challenge." in first[-1]


def test_a_question_read_cold_costs_its_content_once(world):
    challenge = started(world)
    content.clear()
    first = _answer_queries(world, challenge, world.alice)
    assert len(first) <= ANSWER_QUERIES + COLD_CONTENT, "\n".join(first)
    challenge.refresh_from_db()
    # The opponent's answer to the same question finds it in memory.
    content.question_content(challenge.question_ids[1])
    second = _answer_queries(world, challenge, world.bilal)
    assert len(second) <= ANSWER_QUERIES + CLOSING_EXTRA, "\n".join(second)


def test_the_follow_ups_of_an_answer_are_measured_on_their_own(world):
    challenge = started(world)
    _warm(challenge)
    drain()
    costs = []
    for player in (world.alice, world.bilal):
        _answer_queries(world, challenge, player)
        with CaptureQueriesContext(connection) as ctx:
            assert drain() == 1
        costs.append(len(ctx.captured_queries))
    assert Attempt.objects.filter(source=Attempt.Source.CHALLENGE).count() == 2
    # Every follow-up ran and none failed (a failure would leave its retry queued).
    assert pending() == 0
    assert max(costs) <= FOLLOWUP_QUERIES, costs
