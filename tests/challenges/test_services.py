import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from challenges import rules, selectors, services
from challenges.errors import InvalidInvitation, NotAllowed, NotAvailable, UnreadableAnswer
from challenges.models import Challenge, ChallengeAnswer, ChallengePlayer
from challenges.room import challenge_room
from live.models import RoomEvent
from live.rooms import user_room
from mastery.models import Attempt
from schools.models import Enrollment
from tests.factories import build_world, make_user

from .helpers import answer, invite, right, started

pytestmark = pytest.mark.django_db


def room_types(challenge) -> list[str]:
    return list(
        RoomEvent.objects.filter(room=challenge_room(challenge.pk))
        .order_by("seq")
        .values_list("type", flat=True)
    )


def test_invite_a_classmate_who_hears_it_live(world):
    challenge = invite(world, "accuracy", message="  Ready for a friendly round?  ")
    assert challenge.status == Challenge.Status.PENDING
    assert challenge.school_class == world.class_a
    assert challenge.message == "Ready for a friendly round?"
    assert challenge.question_ids == [world.choice_q.pk, world.numeric_q.pk]
    assert challenge.expires_at - challenge.created_at == timedelta(hours=48)
    event = RoomEvent.objects.get(room=user_room(world.bilal.pk))
    assert event.type == "challenge.invited"
    assert event.payload["challenge"]["challenger"]["name"] == str(world.alice)
    assert event.payload["message"] == "Ready for a friendly round?"


def test_only_classmates_on_a_class_exercise(world):
    with pytest.raises(InvalidInvitation):
        services.challenge_invite(
            challenger=world.alice, opponent=world.chloe, exercise=world.exercise, kind="speed"
        )
    with pytest.raises(InvalidInvitation):  # physics is not taught to class A
        services.challenge_invite(
            challenger=world.alice,
            opponent=world.bilal,
            exercise=world.physics_exercise,
            kind="speed",
        )
    with pytest.raises(InvalidInvitation):
        services.challenge_invite(
            challenger=world.alice, opponent=world.alice, exercise=world.exercise, kind="speed"
        )
    with pytest.raises(InvalidInvitation):
        services.challenge_invite(
            challenger=world.alice, opponent=world.bilal, exercise=world.exercise, kind="fastest"
        )
    with pytest.raises(NotAllowed):
        services.challenge_invite(
            challenger=world.teacher_a, opponent=world.bilal, exercise=world.exercise, kind="speed"
        )
    Enrollment.objects.filter(student=world.bilal).update(is_active=False)
    with pytest.raises(InvalidInvitation):
        invite(world)
    assert not Challenge.objects.exists()


def test_decline_tells_the_challenger_not_this_time_without_a_reason(world):
    challenge = invite(world)
    with pytest.raises(NotAllowed):
        services.challenge_respond(challenge_id=challenge.pk, player=world.alice, accept=False)
    services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=False)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.DECLINED
    event = RoomEvent.objects.get(room=user_room(world.alice.pk))
    assert event.type == "challenge.declined"
    assert set(event.payload) == {"challenge"}
    with pytest.raises(NotAvailable):
        services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)


def test_pending_invitations_expire_after_48_hours(world):
    old = invite(world, now=timezone.now() - timedelta(hours=49))
    fresh = invite(world)
    now = timezone.now()
    # The database tells which are expired, whoever is watching ...
    assert list(Challenge.objects.filter(selectors.expired_q(now=now))) == [old]
    assert selectors.challenge_status(challenge=old, now=now) == Challenge.Status.EXPIRED
    assert selectors.student_challenges(student=world.bilal)["pending"] == [fresh]
    with pytest.raises(NotAvailable):
        services.challenge_respond(challenge_id=old.pk, player=world.bilal, accept=True)
    # ... and the command closes them.
    call_command("expire_challenges", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (Challenge.Status.EXPIRED, Challenge.Status.PENDING)
    assert (
        RoomEvent.objects.filter(room=user_room(world.alice.pk), type="challenge.expired").count()
        == 1
    )
    assert services.challenges_expire() == 0


def test_both_ready_starts_a_countdown_then_questions_one_at_a_time(world):
    challenge = invite(world)
    services.challenge_respond(challenge_id=challenge.pk, player=world.bilal, accept=True)
    services.challenge_ready(challenge_id=challenge.pk, player=world.alice)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.ACCEPTED
    services.challenge_ready(challenge_id=challenge.pk, player=world.bilal)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.ACTIVE
    assert challenge.current_index == -1  # counting down: no question yet
    assert room_types(challenge) == ["ready", "ready", "countdown"]

    challenge = started(world)
    assert challenge.current_index == 0
    assert challenge.deadline == challenge.served_at + timedelta(seconds=20)
    question = RoomEvent.objects.filter(room=challenge_room(challenge.pk), type="question").get()
    assert question.payload["id"] == world.choice_q.pk
    assert "is_correct" not in str(question.payload)
    assert {c["text"]["en"] for c in question.payload["choices"]} == {"11", "12", "13"}


def test_a_whole_match_records_mastery_attempts_and_finds_a_winner(world):
    challenge = started(world, "speed")
    assert answer(world, challenge, world.alice) is None
    assert answer(world, challenge, world.bilal, good=False) is None
    challenge.refresh_from_db()
    assert challenge.current_index == 1
    assert answer(world, challenge, world.alice) is None
    assert answer(world, challenge, world.bilal) is None
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED
    assert challenge.winner == world.alice
    seats = {s.player_id: s for s in ChallengePlayer.objects.filter(challenge=challenge)}
    assert (seats[world.alice.pk].correct, seats[world.bilal.pk].correct) == (2, 1)
    assert (seats[world.alice.pk].outcome, seats[world.bilal.pk].outcome) == ("won", "lost")
    attempts = Attempt.objects.filter(source=Attempt.Source.CHALLENGE)
    assert attempts.count() == 4
    assert ChallengeAnswer.objects.filter(attempt__isnull=False).count() == 4
    assert room_types(challenge)[-1] == "finished"
    closed = RoomEvent.objects.filter(
        room=challenge_room(challenge.pk), type="question.closed"
    ).order_by("seq")
    assert closed[0].payload["correct_answer"] == {"en": "12", "fr": "12", "ar": "12"}
    assert closed[1].payload["correct_answer"]["fr"] == "7"


def test_the_correct_answer_is_only_revealed_once_the_question_closes(world):
    challenge = started(world)
    assert answer(world, challenge, world.alice) is None
    correct = right(world, world.choice_q.pk)
    payloads = [str(e.payload) for e in RoomEvent.objects.filter(room=challenge_room(challenge.pk))]
    assert "question.closed" not in room_types(challenge)
    assert not any("correct_choice" in p or f"'{correct}'" in p for p in payloads)
    state = selectors.challenge_state(challenge_id=challenge.pk)
    assert "correct_choice" not in str(state)
    assert state["answered"] == [world.alice.pk]


def test_answers_just_before_and_after_the_deadline(world):
    challenge = started(world)
    now = timezone.now()
    Challenge.objects.filter(pk=challenge.pk).update(deadline=now + timedelta(milliseconds=1))
    assert answer(world, challenge, world.alice, now=now) is None  # just in time
    Challenge.objects.filter(pk=challenge.pk).update(deadline=now - timedelta(milliseconds=1))
    assert answer(world, challenge, world.bilal, now=now) == "too_late"
    challenge.refresh_from_db()
    # The late answer closed the question: bilal timed out, no attempt recorded for it.
    late = ChallengeAnswer.objects.get(player=world.bilal, question=world.choice_q)
    assert late.timed_out and not late.correct and late.attempt is None
    assert challenge.current_index == 1
    assert Attempt.objects.filter(student=world.bilal).count() == 0


def _answer_at(world, challenge, player, *, received_at, now):
    challenge.refresh_from_db()
    qid = challenge.current_question_id
    return services.challenge_answer(
        challenge_id=challenge.pk,
        player=player,
        question_id=qid,
        answer=right(world, qid),
        received_at=received_at,
        now=now,
    )


def test_an_answer_processed_late_is_timed_at_its_receipt_and_the_next_question_gets_its_time(
    world,
):
    challenge = started(world)
    served, deadline = challenge.served_at, challenge.deadline
    received = served + timedelta(seconds=2)
    processed = deadline + timedelta(seconds=5)  # it waited for the database thread
    for player in (world.alice, world.bilal):
        assert _answer_at(world, challenge, player, received_at=received, now=processed) is None
    alice = ChallengeAnswer.objects.get(player=world.alice, question=world.choice_q)
    assert (alice.correct, alice.time_ms, alice.received_at) == (True, 2000, received)
    assert alice.attempt.answered_at == received
    challenge.refresh_from_db()
    # The next question opens when the answers were scored, with its full time.
    assert challenge.current_index == 1 and challenge.served_at == processed
    assert challenge.deadline == processed + timedelta(seconds=challenge.question_seconds)


def test_an_answer_received_before_its_question_was_served_is_not_current(world):
    challenge = started(world)
    early = challenge.served_at - timedelta(milliseconds=1)
    assert _answer_at(world, challenge, world.alice, received_at=early, now=timezone.now()) == (
        "not_current"
    )
    assert not ChallengeAnswer.objects.filter(player=world.alice).exists()


def test_an_unreadable_answer_is_refused_and_records_nothing(world):
    challenge = started(world)
    services.challenge_answer(
        challenge_id=challenge.pk,
        player=world.alice,
        question_id=world.choice_q.pk,
        answer=right(world, world.choice_q.pk),
    )
    challenge.refresh_from_db()
    with pytest.raises(UnreadableAnswer):
        services.challenge_answer(
            challenge_id=challenge.pk,
            player=world.bilal,
            question_id=world.choice_q.pk,
            answer="not a choice",
        )
    assert not ChallengeAnswer.objects.filter(player=world.bilal).exists()
    assert not Attempt.objects.filter(student=world.bilal).exists()


def test_a_silent_player_forfeits_after_the_grace_period(world):
    challenge = started(world, "accuracy")
    ChallengePlayer.objects.filter(challenge=challenge, player=world.bilal).update(
        last_seen_at=timezone.now() - timedelta(minutes=5)
    )
    services.challenge_tick(challenge_id=challenge.pk, user=world.alice)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED
    assert challenge.winner == world.alice
    bilal = ChallengePlayer.objects.get(challenge=challenge, player=world.bilal)
    assert bilal.outcome == "forfeit"


def test_improvement_baseline_is_the_previous_result_on_the_exercise(world):
    from mastery.services import attempt_record

    for _ in range(2):
        attempt_record(student=world.bilal, question=world.numeric_q, answer="99")
    challenge = started(world, "improvement")
    seats = {s.player_id: s for s in ChallengePlayer.objects.filter(challenge=challenge)}
    assert seats[world.bilal.pk].baseline == 0
    assert seats[world.alice.pk].baseline is None
    for player in (world.alice, world.bilal):
        answer(world, challenge, player)
    for player in (world.alice, world.bilal):
        answer(world, challenge, player)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.FINISHED
    assert challenge.winner is None  # both 100%, both from 0: a tie
    results = {r["player_id"]: r for r in selectors.results_payload(challenge=challenge)}
    assert results[world.bilal.pk]["gain"] == 100
    assert results[world.alice.pk]["gain"] is None


def test_roles_players_observing_teacher_and_others(world):
    challenge = invite(world)
    other = make_user("dina")
    Enrollment.objects.create(student=other, school_class=world.class_a)
    assert selectors.challenge_role(user=world.alice, challenge=challenge) == "player"
    assert selectors.challenge_role(user=world.teacher_a, challenge=challenge) == "observer"
    assert selectors.challenge_role(user=world.teacher_b, challenge=challenge) is None
    assert selectors.challenge_role(user=world.chloe, challenge=challenge) is None
    assert selectors.challenge_role(user=other, challenge=challenge) is None
    with pytest.raises(NotAllowed):
        services.challenge_ready(challenge_id=challenge.pk, player=other)


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_answers_score_once():
    world = build_world()
    challenge = started(world)
    value = right(world, challenge.current_question_id)
    barrier = threading.Barrier(4)
    outcomes = []

    def send():
        try:
            barrier.wait()
            outcomes.append(
                services.challenge_answer(
                    challenge_id=challenge.pk,
                    player=world.alice,
                    question_id=world.choice_q.pk,
                    answer=value,
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [
        None,
        "already_answered",
        "already_answered",
        "already_answered",
    ]
    assert ChallengeAnswer.objects.filter(challenge=challenge, player=world.alice).count() == 1
    assert Attempt.objects.filter(student=world.alice, source="challenge").count() == 1
    seat = ChallengePlayer.objects.get(challenge=challenge, player=world.alice)
    assert (seat.correct, seat.answered) == (1, 1)
    assert room_types(challenge).count("answer.result") == 1


@pytest.mark.django_db(transaction=True)
def test_both_players_answering_at_once_each_see_the_others_score():
    """The seats come locked with the challenge in one statement: the answer that waited for
    the other's commit reads the seats as that commit left them (not as they were when it
    started waiting), so its score shows both answers and the question closes once."""
    world = build_world()
    challenge = started(world)
    value = right(world, challenge.current_question_id)
    barrier = threading.Barrier(3)
    outcomes = []

    def play(player):
        try:
            barrier.wait()
            outcomes.append(
                services.challenge_answer(
                    challenge_id=challenge.pk,
                    player=player,
                    question_id=world.choice_q.pk,
                    answer=value,
                )
            )
        finally:
            connection.close()

    def tick():
        try:
            barrier.wait()
            services.challenge_tick(challenge_id=challenge.pk, user=world.alice)
        finally:
            connection.close()

    threads = [threading.Thread(target=play, args=(p,)) for p in (world.alice, world.bilal)]
    threads.append(threading.Thread(target=tick))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == [None, None]
    scores = [
        e.payload["scores"]
        for e in RoomEvent.objects.filter(room=challenge_room(challenge.pk), type="score").order_by(
            "seq"
        )
    ]
    assert [sorted(s["answered"] for s in board) for board in scores] == [[0, 1], [1, 1]]
    types = room_types(challenge)
    assert types.count("question.closed") == 1
    assert types[-4:] == ["answer.result", "score", "question.closed", "question"]
    challenge.refresh_from_db()
    assert challenge.current_index == 1


def test_an_accepted_match_nobody_starts_closes_and_both_players_are_told(world):
    accepted_at = timezone.now() - rules.START_WINDOW - timedelta(minutes=1)
    stale = invite(world, now=accepted_at - timedelta(minutes=5))
    services.challenge_respond(
        challenge_id=stale.pk, player=world.bilal, accept=True, now=accepted_at
    )
    fresh = invite(world)
    services.challenge_respond(challenge_id=fresh.pk, player=world.bilal, accept=True)
    now = timezone.now()
    stale.refresh_from_db()
    assert stale.expires_at == rules.start_by(accepted_at)
    # The database tells it before any process closes it; a late "ready" changes nothing.
    assert list(Challenge.objects.filter(selectors.expired_q(now=now))) == [stale]
    assert selectors.challenge_status(challenge=stale, now=now) == Challenge.Status.EXPIRED
    assert list(selectors.class_live_challenges(teacher=world.teacher_a)) == [fresh]
    with pytest.raises(NotAvailable):
        services.challenge_ready(challenge_id=stale.pk, player=world.alice)
    assert not ChallengePlayer.objects.filter(challenge=stale, ready_at__isnull=False).exists()

    assert services.challenges_expire() == 1
    stale.refresh_from_db()
    assert stale.status == Challenge.Status.EXPIRED
    for player in (world.alice, world.bilal):
        assert RoomEvent.objects.filter(
            room=user_room(player.pk), type="challenge.expired"
        ).exists()
    assert "expired" in room_types(stale)
    assert services.challenges_expire() == 0
