"""Pure rules for friendly challenges: clocks, deadlines and who wins, per kind."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

INVITATION_TTL = timedelta(hours=48)
# An accepted match that neither player opens in this time is closed, so nobody waits on a
# seat that will never fill; a rematch is one click away.
START_WINDOW = timedelta(hours=2)
COUNTDOWN_SECONDS = 3
QUESTION_SECONDS = 20
MAX_QUESTIONS = 10
# A player silent for longer than this while the match runs forfeits (without shame).
GRACE_PERIOD = timedelta(seconds=45)
# A running match whose clock nobody moved for this long after it was due (the current
# question's deadline, or the start before the first question) was left by both players:
# the worker finishes it (`challenges_finish_abandoned`), "unfinished" for both.
ABANDON_GRACE = GRACE_PERIOD

SPEED, ACCURACY, IMPROVEMENT = "speed", "accuracy", "improvement"


@dataclass(frozen=True)
class Result:
    player_id: int
    correct: int
    total: int
    total_ms: int
    baseline: int | None = None
    forfeit: bool = False

    @property
    def score(self) -> int:
        """Accuracy as a whole percentage."""
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def gain(self) -> int:
        """Points gained against the player's own previous result on the exercise."""
        return self.score - (self.baseline or 0)


def expires_at(created_at: datetime) -> datetime:
    return created_at + INVITATION_TTL


def start_by(accepted_at: datetime) -> datetime:
    return accepted_at + START_WINDOW


def is_expired(*, expires_at: datetime, now: datetime) -> bool:
    return now >= expires_at


def starts_at(ready_at: datetime) -> datetime:
    return ready_at + timedelta(seconds=COUNTDOWN_SECONDS)


def question_deadline(served_at: datetime, seconds: int) -> datetime:
    return served_at + timedelta(seconds=seconds)


def is_on_time(*, received_at: datetime, deadline: datetime) -> bool:
    """An answer stamped at or before the deadline counts."""
    return received_at <= deadline


def elapsed_ms(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() * 1000))


def has_left(*, last_seen_at: datetime | None, now: datetime) -> bool:
    return last_seen_at is None or now - last_seen_at > GRACE_PERIOD


def clock_due_at(*, starts_at: datetime, deadline: datetime | None, current_index: int) -> datetime:
    """When a running match next needs a player's message to move on: the current
    question's deadline, or the start while no question was served yet."""
    if current_index >= 0 and deadline is not None:
        return deadline
    return starts_at


def is_abandoned(*, due_at: datetime, last_seen: Iterable[datetime | None], now: datetime) -> bool:
    """Both players left: the clock was due more than `ABANDON_GRACE` ago (a page that is
    open sends `tick` at each deadline and every 10 s, and any message moves the clock)
    and neither player has been heard from within the grace period."""
    if now <= due_at + ABANDON_GRACE:
        return False
    return all(has_left(last_seen_at=seen, now=now) for seen in last_seen)


# What each player of a match that both left gets (`abandoned_outcomes`):
# - nobody wins and nobody loses: the outcome is "unfinished" for both, never "lost" or
#   "left the match", and `winner` stays empty;
# - every answer already scored stays theirs (their correct answers and time on the
#   scoreboard, and a mastery attempt each, recorded when they answered);
# - the question open when they left closes as at any deadline (a missing answer is a
#   time-out with no mastery attempt); questions never served count for no one.
UNFINISHED = "unfinished"


def abandoned_outcomes(player_ids: Iterable[int]) -> dict[int, str]:
    return dict.fromkeys(player_ids, UNFINISHED)


def _rank_key(kind: str, result: Result) -> tuple:
    """Larger is better."""
    if kind == SPEED:
        return (result.correct, -result.total_ms)
    if kind == ACCURACY:
        return (result.score,)
    if kind == IMPROVEMENT:
        return (result.gain,)
    raise ValueError(f"unknown challenge kind {kind!r}")


def winner(kind: str, results: list[Result]) -> int | None:
    """The winning player's id, or None for a tie. A forfeit loses to whoever stayed."""
    stayed = [r for r in results if not r.forfeit]
    if len(stayed) == 1:
        return stayed[0].player_id
    if not stayed:
        return None
    ranked = sorted(stayed, key=lambda r: _rank_key(kind, r), reverse=True)
    if _rank_key(kind, ranked[0]) == _rank_key(kind, ranked[1]):
        return None
    return ranked[0].player_id


def outcome(*, player_id: int, winner_id: int | None, forfeit: bool) -> str:
    if forfeit:
        return "forfeit"
    if winner_id is None:
        return "tie"
    return "won" if winner_id == player_id else "lost"
