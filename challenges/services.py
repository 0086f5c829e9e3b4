"""Writes for friendly challenges. Every write locks the challenge row first, so a match's
moves (ready, answers, the clock) are applied one at a time, in commit order."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from live.publish import check_lock_order, publish, publish_many
from live.rooms import user_room
from mastery.content import question_content
from mastery.errors import InvalidAnswer
from mastery.models import Attempt, Exercise, Question
from mastery.services import attempt_record
from project.i18n import all_languages
from schools.models import TeachingAssignment

from . import answer_writes, rules, selectors
from .errors import InvalidInvitation, NotAllowed, NotAvailable, UnreadableAnswer
from .models import Challenge, ChallengeAnswer, ChallengePlayer
from .room import challenge_room


def _locked(challenge_id: int) -> Challenge:
    # The one lock order (docs/protocol.md): the challenge's row, then its room's cursor.
    check_lock_order(challenge_room(challenge_id))
    challenge = Challenge.objects.select_for_update().filter(pk=challenge_id).first()
    if challenge is None:
        raise NotAvailable()
    return challenge


# The events of the running answer, written together when it ends (`_one_publish`).
_batch: ContextVar[list[tuple[str, dict]] | None] = ContextVar("challenge_events", default=None)


def _publish(challenge: Challenge, type: str, payload: dict) -> None:
    batch = _batch.get()
    if batch is not None:
        batch.append((type, payload))
        return
    publish(room=challenge_room(challenge.pk), type=type, payload=payload)


@contextmanager
def _one_publish(challenge_id: int) -> Iterator[list[tuple[str, dict]]]:
    """What the block publishes to the match's room is logged in one round trip at its end,
    in order (live.publish.publish_many). The cursor's lock is then also held the least."""
    events: list[tuple[str, dict]] = []
    token = _batch.set(events)
    try:
        yield events
    finally:
        _batch.reset(token)
    if events:
        publish_many(room=challenge_room(challenge_id), events=events)


def _locked_with_seats(challenge_id: int) -> tuple[Challenge, list[ChallengePlayer]]:
    """The challenge's row and both seats (with their players), locked in one statement.

    FOR UPDATE OF the challenge, then the seats, in this order: every other writer locks the
    challenge's row before it touches a seat, so the two orders agree. Locking the seats (not
    only reading them) is what makes PostgreSQL return their newest committed versions when
    the statement waited for the challenge's lock."""
    check_lock_order(challenge_room(challenge_id))
    seats = list(
        ChallengePlayer.objects.select_related("challenge", "player")
        .select_for_update(of=("challenge", "self"))
        .filter(challenge_id=challenge_id)
        .order_by("pk")
    )
    if not seats:
        raise NotAvailable()
    challenge = seats[0].challenge
    for seat in seats:
        seat.challenge = challenge
    return challenge, seats


def _summary(challenge: Challenge) -> dict:
    return {
        "id": challenge.pk,
        "kind": challenge.kind,
        "exercise": {
            "id": challenge.exercise_id,
            "title": all_languages(challenge.exercise, "title"),
        },
        "challenger": {"id": challenge.challenger_id, "name": str(challenge.challenger)},
        "opponent": {"id": challenge.opponent_id, "name": str(challenge.opponent)},
    }


# --- invitations ------------------------------------------------------------------------------


@transaction.atomic
def challenge_invite(
    *,
    challenger: User,
    opponent: User,
    exercise: Exercise,
    kind: str,
    message: str = "",
    now: datetime | None = None,
) -> Challenge:
    """Invite a classmate; the invitee is told live on their own channel."""
    now = now or timezone.now()
    if kind not in Challenge.Kind.values:
        raise InvalidInvitation(_("Please choose a kind of challenge."))
    if not (challenger.is_student and challenger.is_active):
        raise NotAllowed()
    if opponent.pk == challenger.pk or not (opponent.is_student and opponent.is_active):
        raise InvalidInvitation(_("Please choose a classmate."))
    school_class = selectors.shared_class(student=challenger, other=opponent)
    if school_class is None:
        raise InvalidInvitation(_("You can only challenge a classmate."))
    taught = TeachingAssignment.objects.filter(
        school_class=school_class, subject_id=exercise.skill.subject_id
    ).exists()
    question_ids = list(
        Question.objects.filter(exercise=exercise)
        .order_by("position", "pk")
        .values_list("pk", flat=True)[: rules.MAX_QUESTIONS]
    )
    if not taught or not question_ids:
        raise InvalidInvitation(_("Please choose an exercise from your class."))
    challenge = Challenge.objects.create(
        school_class=school_class,
        challenger=challenger,
        opponent=opponent,
        exercise=exercise,
        kind=kind,
        message=message.strip()[:200],
        question_ids=question_ids,
        question_seconds=rules.QUESTION_SECONDS,
        created_at=now,
        expires_at=rules.expires_at(now),
    )
    ChallengePlayer.objects.bulk_create(
        [ChallengePlayer(challenge=challenge, player=p) for p in (challenger, opponent)]
    )
    publish(
        room=user_room(opponent.pk),
        type="challenge.invited",
        payload={"challenge": _summary(challenge), "message": challenge.message},
    )
    return challenge


@transaction.atomic
def challenge_respond(
    *, challenge_id: int, player: User, accept: bool, now: datetime | None = None
) -> Challenge:
    """Accept, or decline politely: the challenger only hears "not this time"."""
    now = now or timezone.now()
    challenge = _locked(challenge_id)
    if challenge.opponent_id != player.pk:
        raise NotAllowed()
    if challenge.status != Challenge.Status.PENDING:
        raise NotAvailable()
    if rules.is_expired(expires_at=challenge.expires_at, now=now):
        raise NotAvailable(_("This invitation has expired."))
    challenge.status = Challenge.Status.ACCEPTED if accept else Challenge.Status.DECLINED
    challenge.responded_at = now
    if accept:
        challenge.expires_at = rules.start_by(now)
    challenge.save(update_fields=["status", "responded_at", "expires_at"])
    summary = _summary(challenge)
    publish(
        room=user_room(challenge.challenger_id),
        type="challenge.accepted" if accept else "challenge.declined",
        payload={"challenge": summary},
    )
    # The invitee's other pages stop offering the invitation.
    publish(
        room=user_room(challenge.opponent_id),
        type="challenge.answered",
        payload={"challenge": summary, "accepted": accept},
    )
    return challenge


@transaction.atomic
def challenges_expire(*, now: datetime | None = None) -> int:
    """Close invitations unanswered for 48 hours and accepted matches nobody started in time.

    The challenger is told of an unanswered invitation; both players of an unstarted match.
    """
    now = now or timezone.now()
    closed = 0
    for challenge in (
        Challenge.objects.select_for_update(skip_locked=True)
        .filter(selectors.expired_q(now=now))
        .select_related("challenger", "opponent", "exercise")
    ):
        told = challenge.player_ids if challenge.status == Challenge.Status.ACCEPTED else ()
        challenge.status = Challenge.Status.EXPIRED
        challenge.save(update_fields=["status"])
        for user_id in told or (challenge.challenger_id,):
            publish(
                room=user_room(user_id),
                type="challenge.expired",
                payload={"challenge": _summary(challenge)},
            )
        _publish(challenge, "expired", {})
        closed += 1
    return closed


def challenges_finish_abandoned(*, now: datetime | None = None) -> int:
    """Finish the running matches both players left (`rules.is_abandoned`): "unfinished" for
    both, no winner, every answer kept (`rules.abandoned_outcomes`). Run by the worker.

    Each match in its own short transaction under its row lock, taken with SKIP LOCKED: a
    match a player is moving right now, or that another worker is finishing, is left for
    the next run, so two workers never wait on each other and a match finishes once.
    Returns how many matches it finished.
    """
    now = now or timezone.now()
    return sum(
        _finish_if_abandoned(challenge_id=pk, now=now) for pk in selectors.abandoned_ids(now=now)
    )


@transaction.atomic
def _finish_if_abandoned(*, challenge_id: int, now: datetime) -> bool:
    check_lock_order(challenge_room(challenge_id))
    challenge = (
        Challenge.objects.select_for_update(skip_locked=True)
        .filter(pk=challenge_id, status=Challenge.Status.ACTIVE)
        .first()
    )
    return challenge is not None and _end_if_abandoned(challenge, now)


def _end_if_abandoned(
    challenge: Challenge, now: datetime, *, seats: list[ChallengePlayer] | None = None
) -> bool:
    """Under the challenge's row lock: if both players had left, finish the match as
    unfinished (the open question closes as at its deadline). A player coming back to a
    match both left finds it ended the same way, whether or not the worker ran first."""
    if challenge.status != Challenge.Status.ACTIVE:
        return False
    if seats is None:
        seats = list(ChallengePlayer.objects.filter(challenge=challenge))
    due_at = rules.clock_due_at(
        starts_at=challenge.starts_at,
        deadline=challenge.deadline,
        current_index=challenge.current_index,
    )
    if not rules.is_abandoned(due_at=due_at, last_seen=[s.last_seen_at for s in seats], now=now):
        return False
    if challenge.current_question_id is not None:
        answered = set(selectors.answered_current(challenge=challenge))
        _close(challenge, seats, answered, challenge.deadline)
    _finish(challenge, seats, now, outcomes=rules.abandoned_outcomes(challenge.player_ids))
    return True


# --- play ---------------------------------------------------------------------------------------


def _seat(challenge: Challenge, player: User) -> ChallengePlayer:
    seat = ChallengePlayer.objects.filter(challenge=challenge, player=player).first()
    if seat is None:
        raise NotAllowed()
    return seat


def _baseline(*, player_id: int, exercise_id: int, before: datetime) -> int | None:
    """The player's own previous result on the exercise (% correct of earlier attempts)."""
    counts = Attempt.objects.filter(
        student_id=player_id, exercise_id=exercise_id, answered_at__lt=before
    ).aggregate(total=Count("pk"), correct=Count("pk", filter=Q(correct=True)))
    if not counts["total"]:
        return None
    return round(100 * counts["correct"] / counts["total"])


@transaction.atomic
def challenge_ready(*, challenge_id: int, player: User, now: datetime | None = None) -> Challenge:
    """A player is ready; when both are, the countdown starts (server timestamps)."""
    now = now or timezone.now()
    challenge = _locked(challenge_id)
    seat = _seat(challenge, player)
    _end_if_abandoned(challenge, now)
    if challenge.status not in (
        Challenge.Status.ACCEPTED,
        Challenge.Status.ACTIVE,
        Challenge.Status.FINISHED,
    ):
        raise NotAvailable()
    if selectors.challenge_status(challenge=challenge, now=now) == Challenge.Status.EXPIRED:
        raise NotAvailable(_("Nobody started this match in time. A rematch is one click away."))
    seat.last_seen_at = now
    seat.save(update_fields=["last_seen_at"])
    if challenge.status == Challenge.Status.ACCEPTED and seat.ready_at is None:
        seat.ready_at = now
        seat.save(update_fields=["ready_at"])
        _publish(challenge, "ready", {"player_id": player.pk})
        seats = list(ChallengePlayer.objects.filter(challenge=challenge))
        if all(s.ready_at for s in seats):
            _start(challenge, seats, now)
    _advance(challenge, now)
    return challenge


def _start(challenge: Challenge, seats: list[ChallengePlayer], now: datetime) -> None:
    challenge.status = Challenge.Status.ACTIVE
    challenge.starts_at = rules.starts_at(now)
    challenge.save(update_fields=["status", "starts_at"])
    for seat in seats:
        seat.baseline = _baseline(
            player_id=seat.player_id, exercise_id=challenge.exercise_id, before=now
        )
        seat.save(update_fields=["baseline"])
    _publish(
        challenge,
        "countdown",
        {
            "starts_at": challenge.starts_at.isoformat(),
            "seconds": rules.COUNTDOWN_SECONDS,
            "now": now.isoformat(),
        },
    )


@transaction.atomic
def challenge_tick(*, challenge_id: int, user: User, now: datetime | None = None) -> Challenge:
    """Any message from a player moves the clock: overdue questions close, the next is served."""
    now = now or timezone.now()
    challenge = _locked(challenge_id)
    _end_if_abandoned(challenge, now)
    if user.pk in challenge.player_ids:
        ChallengePlayer.objects.filter(challenge=challenge, player=user).update(last_seen_at=now)
    _advance(challenge, now)
    return challenge


@transaction.atomic
def challenge_answer(
    *,
    challenge_id: int,
    player: User,
    question_id: int,
    answer: str,
    now: datetime | None = None,
    received_at: datetime | None = None,
) -> str | None:
    """Score one answer, timed by the server's receipt time.

    `received_at`: when the socket read the answer (it may then wait for the database thread;
    the pupil was on time if it arrived in time); it times the answer. `now`: the match's
    clock, which serves the next question with its full time. Both default to now.

    Returns None when the answer counted, or a refusal code ("too_late", "already_answered",
    "not_current") after applying whatever the clock says (a late answer closes the question).
    """
    now = now or timezone.now()
    with _one_publish(challenge_id) as events:
        refusal = _answer(
            challenge_id=challenge_id,
            player=player,
            question_id=question_id,
            answer=answer,
            now=now,
            received_at=min(received_at or now, now),
        )
        if refusal == "already_answered":
            events.clear()  # the transaction is rolled back: nothing to say
        return refusal


def _answer(
    *,
    challenge_id: int,
    player: User,
    question_id: int,
    answer: str,
    now: datetime,
    received_at: datetime,
) -> str | None:
    # Score first: the challenge, both seats and their players come in one statement under
    # the challenge's lock and stay in memory; the answer, its attempt, the seat and the
    # events are a handful of round trips (tests/challenges/test_answer_budget.py); all else
    # the answer causes follows from the attempt's task, after the commit.
    challenge, seats = _locked_with_seats(challenge_id)
    seat = next((s for s in seats if s.player_id == player.pk), None)
    if seat is None:
        raise NotAllowed()
    if _end_if_abandoned(challenge, now, seats=seats):
        return "too_late"  # both players had left: the match ended before this answer
    seat.last_seen_at = now
    if challenge.status != Challenge.Status.ACTIVE:
        seat.save(update_fields=["last_seen_at"])
        raise NotAvailable()
    # Received before its question was served: an answer to a question the player had not seen.
    if challenge.current_question_id != question_id or received_at < challenge.served_at:
        seat.save(update_fields=["last_seen_at"])
        _advance(challenge, now, seats=seats, closes_at=received_at)
        return "not_current"
    if not rules.is_on_time(received_at=received_at, deadline=challenge.deadline):
        seat.save(update_fields=["last_seen_at"])
        answered = set(selectors.answered_current(challenge=challenge))
        if player.pk in answered:
            return "already_answered"
        _advance(challenge, now, seats=seats, answered=answered, closes_at=received_at)
        return "too_late"
    question = question_content(question_id).question
    # The match's own clock times the attempt: served to both players at once.
    time_ms = rules.elapsed_ms(challenge.served_at, received_at)
    try:
        # A seat is the permission (both players' access was checked when the match was
        # made); any refusal below ends this transaction, so no savepoint is needed.
        outcome = attempt_record(
            student=player,
            question=question,
            answer=answer,
            source=Attempt.Source.CHALLENGE,
            time_spent_ms=time_ms,
            answered_at=received_at,
            variant=selectors.question_variant(challenge=challenge, question=question),
            access_checked=True,
            savepoint=False,
        )
    except InvalidAnswer as error:
        raise UnreadableAnswer(error.message) from None
    seat.correct += int(outcome.attempt.correct)
    seat.answered += 1
    seat.total_ms += time_ms
    answered = answer_writes.answer_and_seat(
        answer=ChallengeAnswer(
            challenge=challenge,
            question=question,
            player=player,
            answer=answer[:50],
            correct=outcome.attempt.correct,
            received_at=received_at,
            time_ms=time_ms,
            attempt=outcome.attempt,
        ),
        seat=seat,
    )
    if answered is None:
        # The database constraint is the last word: one answer per player and question. The
        # attempt recorded above goes with the rest of the transaction.
        transaction.set_rollback(True)
        return "already_answered"
    _publish(
        challenge,
        "answer.result",
        {
            "player_id": player.pk,
            "question_id": question_id,
            "index": challenge.current_index,
            "correct": outcome.attempt.correct,
            "time_ms": time_ms,
        },
    )
    _publish(challenge, "score", {"scores": selectors.scoreboard(challenge=challenge, seats=seats)})
    _advance(challenge, now, seats=seats, answered=answered, closes_at=received_at)
    return None


def _advance(
    challenge: Challenge,
    now: datetime,
    *,
    seats: list[ChallengePlayer] | None = None,
    answered: set[int] | None = None,
    closes_at: datetime | None = None,
) -> None:
    """Apply the server's clock: forfeit, close overdue or fully answered questions, serve the
    next one, or finish. Called on every player message, since no worker watches the clock.
    `seats` and `answered` (who answered the current question): what the caller holds under
    the challenge's lock already, not read again. `closes_at`: the time a question is judged
    overdue by (an answer's receipt: the other player's answer, received in time too, may still
    be waiting for the database thread); questions are served at `now`."""
    if challenge.status != Challenge.Status.ACTIVE or now < challenge.starts_at:
        return
    if seats is None:
        seats = list(ChallengePlayer.objects.filter(challenge=challenge))
    leavers = {s.player_id for s in seats if rules.has_left(last_seen_at=s.last_seen_at, now=now)}
    if leavers:
        _finish(challenge, seats, now, leavers=leavers)
        return
    while challenge.status == Challenge.Status.ACTIVE:
        if challenge.current_index < 0:
            # Served when a message first arrives after the countdown: nobody loses time to it.
            _serve(challenge, 0, now)
            answered = set()  # a question just served has no answer yet
            continue
        if answered is None:
            answered = set(selectors.answered_current(challenge=challenge))
        overdue = (closes_at or now) > challenge.deadline
        if not overdue and answered != set(challenge.player_ids):
            return
        _close(challenge, seats, answered, now)
        if challenge.current_index + 1 < len(challenge.question_ids):
            _serve(challenge, challenge.current_index + 1, now)
            answered = set()
        else:
            _finish(challenge, seats, now)


def _serve(challenge: Challenge, index: int, served_at: datetime) -> None:
    challenge.current_index = index
    challenge.served_at = served_at
    challenge.deadline = rules.question_deadline(served_at, challenge.question_seconds)
    challenge.save(update_fields=["current_index", "served_at", "deadline"])
    _publish(challenge, "question", selectors.question_payload(challenge=challenge))


def _close(
    challenge: Challenge, seats: list[ChallengePlayer], answered: set[int], now: datetime
) -> None:
    """A question closes for everyone: missing answers time out, then the answer is revealed."""
    full_ms = challenge.question_seconds * 1000
    for seat in seats:
        if seat.player_id in answered:
            continue
        ChallengeAnswer.objects.create(
            challenge=challenge,
            question_id=challenge.current_question_id,
            player_id=seat.player_id,
            correct=False,
            timed_out=True,
            received_at=now,
            time_ms=full_ms,
        )
        seat.total_ms += full_ms
        seat.save(update_fields=["total_ms"])
    _publish(
        challenge,
        "question.closed",
        {
            "index": challenge.current_index,
            "timed_out": sorted(set(challenge.player_ids) - answered),
            **selectors.reveal_payload(
                challenge=challenge, question_id=challenge.current_question_id
            ),
        },
    )


def _finish(
    challenge: Challenge,
    seats: list[ChallengePlayer],
    now: datetime,
    *,
    leavers: frozenset[int] | set[int] = frozenset(),
    outcomes: dict[int, str] | None = None,
) -> None:
    """Finish the match: the winner by the rules of its kind (a leaver forfeits), or, given
    `outcomes` (a match both players left), those outcomes and no winner."""
    for seat in seats:
        seat.refresh_from_db()
    total = len(challenge.question_ids)
    results = [
        rules.Result(s.player_id, s.correct, total, s.total_ms, s.baseline, s.player_id in leavers)
        for s in seats
    ]
    winner_id = None if outcomes is not None else rules.winner(challenge.kind, results)
    for seat in seats:
        seat.outcome = (
            outcomes[seat.player_id]
            if outcomes is not None
            else rules.outcome(
                player_id=seat.player_id, winner_id=winner_id, forfeit=seat.player_id in leavers
            )
        )
        seat.save(update_fields=["outcome"])
    challenge.status = Challenge.Status.FINISHED
    challenge.finished_at = now
    challenge.winner_id = winner_id
    challenge.save(update_fields=["status", "finished_at", "winner"])
    _publish(
        challenge,
        "finished",
        {
            "winner_id": winner_id,
            "results": selectors.results_payload(challenge=challenge),
            "review": [
                selectors.reveal_payload(challenge=challenge, question_id=q)
                for q in challenge.question_ids
            ],
        },
    )
