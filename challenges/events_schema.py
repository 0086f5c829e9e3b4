"""What a friendly challenge's room (`challenge.<id>`) and the players' own channels are sent.

The payloads are built in challenges/services.py and challenges/selectors.py; these models
are their contract (docs/protocol.md "Friendly challenges"), checked on every publish under
LIVE_STRICT.
"""

from typing import Literal

from live.events_schema import IsoDateTime, Person, Schema, ServerEvent, Translated, register

Kind = Literal["speed", "accuracy", "improvement"]
Status = Literal["pending", "declined", "expired", "accepted", "active", "finished"]
# Blank until the match has finished.
Outcome = Literal["", "won", "lost", "tie", "forfeit", "unfinished"]


class Exercise(Schema):
    id: int
    title: Translated  # each page shows its reader's language


class Choice(Schema):
    id: int
    text: Translated


class Question(Schema):
    """The question being played: never anything that tells its answer."""

    id: int
    index: int
    total: int
    kind: Literal["choice", "numeric"]
    prompt: Translated
    choices: list[Choice]
    served_at: IsoDateTime
    deadline: IsoDateTime


class Reveal(Schema):
    """A closed question's answer; `correct_choice` only for choice questions."""

    id: int
    correct_answer: Translated
    correct_choice: int | None = None


class ScoreRow(Schema):
    player_id: int
    name: str
    ready: bool
    correct: int
    answered: int
    total_ms: int
    outcome: Outcome


class QuestionTime(Schema):
    """One player's time on one closed question (`index` in the match's order)."""

    index: int
    time_ms: int
    correct: bool
    timed_out: bool


class ResultRow(Schema):
    player_id: int
    name: str
    correct: int
    total: int
    total_ms: int
    score: int
    baseline: int | None
    gain: int | None
    outcome: Outcome
    times: list[QuestionTime]


# --- the match's room -----------------------------------------------------------------------------


class Ready(ServerEvent):
    type = "ready"
    player_id: int


class Countdown(ServerEvent):
    type = "countdown"
    starts_at: IsoDateTime
    seconds: int
    now: IsoDateTime


class QuestionServed(Question, ServerEvent):
    type = "question"


class AnswerResult(ServerEvent):
    type = "answer.result"
    player_id: int
    question_id: int
    index: int
    correct: bool
    time_ms: int


class Score(ServerEvent):
    type = "score"
    scores: list[ScoreRow]


class QuestionClosed(Reveal, ServerEvent):
    type = "question.closed"
    index: int
    timed_out: list[int]


class Expired(ServerEvent):
    type = "expired"


class Finished(ServerEvent):
    type = "finished"
    winner_id: int | None
    results: list[ResultRow]
    review: list[Reveal]


class ChallengeState(Schema):
    id: int
    kind: Kind
    status: Status
    exercise: Exercise
    challenger_id: int
    opponent_id: int
    now: IsoDateTime
    starts_at: IsoDateTime | None
    total: int
    question: Question | None
    answered: list[int]
    scores: list[ScoreRow]
    results: list[ResultRow] | None
    winner_id: int | None
    review: list[Reveal] | None
    role: Literal["player", "observer"]


register(
    "challenge",
    Ready,
    Countdown,
    QuestionServed,
    AnswerResult,
    Score,
    QuestionClosed,
    Expired,
    Finished,
    snapshot=ChallengeState,
)


# --- the players' own channels (`user.<id>`) ------------------------------------------------------


class Summary(Schema):
    id: int
    kind: Kind
    exercise: Exercise
    challenger: Person
    opponent: Person


class Invited(ServerEvent):
    type = "challenge.invited"
    challenge: Summary
    message: str


class _AboutChallenge(ServerEvent):
    challenge: Summary


class Accepted(_AboutChallenge):
    type = "challenge.accepted"


class Declined(_AboutChallenge):
    type = "challenge.declined"


class InvitationExpired(_AboutChallenge):
    type = "challenge.expired"


class Answered(_AboutChallenge):
    """To the invitee: their answer, for their other pages."""

    type = "challenge.answered"
    accepted: bool


register("user", Invited, Accepted, Declined, InvitationExpired, Answered)
