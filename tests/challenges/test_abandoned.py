"""A running match that both players left finishes by itself: after the clock was due (the
question's deadline, or the start) plus the grace period, with nobody heard from, it ends
"unfinished" for both: no winner, no loser, every answer kept."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from challenges import rules, selectors, services
from challenges.errors import NotAvailable
from challenges.models import Challenge, ChallengeAnswer, ChallengePlayer
from challenges.room import challenge_room
from dashboards.live_now import teacher_live_now
from live.models import RoomEvent
from mastery.models import Attempt
from tests.factories import build_world

from .helpers import answer, started

pytestmark = pytest.mark.django_db

GRACE = rules.ABANDON_GRACE
T0 = timezone.now()


def room_events(challenge, type_):
    return [
        e.payload for e in RoomEvent.objects.filter(room=challenge_room(challenge.pk), type=type_)
    ]


# --- rules (pure) -----------------------------------------------------------------------------


def test_the_clock_is_due_at_the_deadline_or_at_the_start_before_any_question():
    deadline = T0 + timedelta(seconds=20)
    assert rules.clock_due_at(starts_at=T0, deadline=deadline, current_index=0) == deadline
    assert rules.clock_due_at(starts_at=T0, deadline=None, current_index=-1) == T0


@pytest.mark.parametrize(
    ("after_due", "silent_for", "abandoned"),
    [
        (GRACE, (timedelta(minutes=5), timedelta(minutes=5)), False),  # exactly due + grace
        (GRACE + timedelta(seconds=1), (timedelta(minutes=5), timedelta(minutes=5)), True),
        (GRACE + timedelta(seconds=1), (timedelta(minutes=5), timedelta(seconds=5)), False),
        (GRACE + timedelta(seconds=1), (timedelta(minutes=5), None), True),  # never seen
    ],
)
def test_abandoned_only_past_due_plus_grace_and_when_both_are_silent(
    after_due, silent_for, abandoned
):
    now = T0 + after_due
    last_seen = [None if s is None else now - s for s in silent_for]
    assert rules.is_abandoned(due_at=T0, last_seen=last_seen, now=now) is abandoned


def test_both_players_get_the_same_kind_outcome():
    assert rules.abandoned_outcomes([3, 8]) == {3: "unfinished", 8: "unfinished"}


# --- the service ------------------------------------------------------------------------------


def _past_due(challenge) -> timezone.datetime:
    challenge.refresh_from_db()
    return challenge.deadline + GRACE + timedelta(seconds=2)


def test_a_match_both_left_finishes_unfinished_and_keeps_every_answer(world):
    challenge = started(world, "speed")
    assert answer(world, challenge, world.alice) is None  # Alice answered question 1, then left
    later = _past_due(challenge)
    assert challenge in selectors.class_live_challenges(teacher=world.teacher_a)

    assert services.challenges_finish_abandoned(now=later) == 1

    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED and challenge.finished_at == later
    assert challenge.winner_id is None
    seats = {s.player_id: s for s in ChallengePlayer.objects.filter(challenge=challenge)}
    assert {s.outcome for s in seats.values()} == {"unfinished"}
    assert (seats[world.alice.pk].correct, seats[world.alice.pk].answered) == (1, 1)
    # The open question closed as at its deadline: Bilal's missing answer is a time-out,
    # with no mastery attempt; Alice's answer stays a mastery attempt.
    bilal_answer = ChallengeAnswer.objects.get(challenge=challenge, player=world.bilal)
    assert bilal_answer.timed_out and bilal_answer.received_at == challenge.deadline
    assert Attempt.objects.filter(student=world.alice, source="challenge").count() == 1
    assert not Attempt.objects.filter(student=world.bilal, source="challenge").exists()
    # The second question was never served: nobody is timed out on it.
    assert ChallengeAnswer.objects.filter(challenge=challenge).count() == 2
    finished = room_events(challenge, "finished")
    assert len(finished) == 1 and finished[0]["winner_id"] is None
    assert {r["outcome"] for r in finished[0]["results"]} == {"unfinished"}
    assert len(room_events(challenge, "question.closed")) == 1
    # No longer live for the teachers; a second run (or worker) finds nothing to do.
    assert challenge not in teacher_live_now(teacher=world.teacher_a).challenges
    assert services.challenges_finish_abandoned(now=later + timedelta(minutes=1)) == 0
    assert len(room_events(challenge, "finished")) == 1


def test_a_match_nobody_opened_after_the_countdown_finishes_too(world):
    challenge = started(world)
    Challenge.objects.filter(pk=challenge.pk).update(
        current_index=-1, served_at=None, deadline=None
    )
    ChallengeAnswer.objects.filter(challenge=challenge).delete()
    challenge.refresh_from_db()
    now = challenge.starts_at + GRACE + timedelta(minutes=2)
    assert services.challenges_finish_abandoned(now=now) == 1
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED
    assert not ChallengeAnswer.objects.filter(challenge=challenge).exists()


def test_a_match_not_yet_due_or_with_a_player_still_here_keeps_going(world):
    challenge = started(world)
    due = _past_due(challenge)
    # Within the deadline plus grace: untouched, and still live for the teacher.
    assert services.challenges_finish_abandoned(now=due - timedelta(seconds=5)) == 0
    # Past it, but Bilal was heard from a moment ago (his next message moves the clock).
    ChallengePlayer.objects.filter(challenge=challenge, player=world.bilal).update(
        last_seen_at=due - timedelta(seconds=3)
    )
    assert services.challenges_finish_abandoned(now=due) == 0
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.ACTIVE
    assert not room_events(challenge, "finished")


def test_a_player_coming_back_finds_it_ended_the_same_way(world):
    challenge = started(world, "accuracy")
    later = _past_due(challenge)
    # Nothing ran meanwhile: Alice's return must not make her the winner by forfeit.
    services.challenge_tick(challenge_id=challenge.pk, user=world.alice, now=later)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED and challenge.winner_id is None
    assert set(
        ChallengePlayer.objects.filter(challenge=challenge).values_list("outcome", flat=True)
    ) == {"unfinished"}
    with pytest.raises(NotAvailable):  # over for Bilal too
        services.challenge_answer(
            challenge_id=challenge.pk,
            player=world.bilal,
            question_id=challenge.question_ids[0],
            answer="7",
            now=later,
        )


def test_an_answer_arriving_after_both_left_ends_the_match_and_is_not_scored(world):
    challenge = started(world)
    later = _past_due(challenge)
    assert answer(world, challenge, world.bilal, now=later) == "too_late"
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED  # committed, not rolled back
    assert not Attempt.objects.filter(source="challenge").exists()


def test_the_command_reports_what_it_finished(world):
    started(world)
    out = StringIO()
    call_command("finish_abandoned_challenges", stdout=out)
    assert out.getvalue().strip() == "0 abandoned match(es) finished."


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_finish_each_match_exactly_once():
    world = build_world()
    matches = [started(world) for _ in range(3)]
    later = max(_past_due(c) for c in matches)
    barrier = threading.Barrier(2)
    counts = []

    def worker():
        try:
            barrier.wait()
            counts.append(services.challenges_finish_abandoned(now=later))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 3
    for challenge in matches:
        challenge.refresh_from_db()
        assert challenge.status == Challenge.Status.FINISHED
        assert len(room_events(challenge, "finished")) == 1
        assert ChallengeAnswer.objects.filter(challenge=challenge).count() == 2
