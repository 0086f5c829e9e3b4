"""What a study group's room (`study_group.<id>`) and the invitee's own channel are sent.

Built in collaboration/sessions.py, collaboration/services.py and collaboration/selectors.py;
the contract of docs/protocol.md "Study-group sessions", checked on every publish under
LIVE_STRICT. Presence (`presence` events, `state.presence`) is the protocol's own.
"""

from typing import Literal

from live.events_schema import (
    IsoDateTime,
    Person,
    Presence,
    PresenceState,
    Schema,
    ServerEvent,
    Translated,
    register,
)


class Session(Schema):
    id: int
    topic: str
    started_at: IsoDateTime
    ended_at: IsoDateTime | None
    now: IsoDateTime


class ChatLine(Schema):
    id: int
    author: Person
    text: str
    at: IsoDateTime


class Insight(Schema):
    id: int
    author: Person
    text: str
    message_id: int | None
    at: IsoDateTime


class Choice(Schema):
    id: int
    text: Translated


class Exercise(Schema):
    id: int
    title: Translated


class Question(Schema):
    """The round's question: never with its answer."""

    id: int
    kind: Literal["choice", "numeric"]
    prompt: Translated
    choices: list[Choice]
    exercise: Exercise


class Proposal(Schema):
    id: int
    round: int
    author: Person
    answer: str
    label: Translated  # the choice's text, or the number as typed (the same in all three)


class Result(Schema):
    round: int
    question_id: int
    answer: str
    label: Translated
    correct: bool
    submitted_by: Person
    credited: list[Person]
    explanation: Translated  # blank until the group got it right


class Goal(Schema):
    id: int
    skill: Translated
    target: int
    reached: list[int]  # member ids
    total: int


class Group(Schema):
    id: int
    name: str
    focus: str  # the members' own words
    focus_skill: Translated | None
    subject: Translated


class PickableExercise(Schema):
    id: int
    title: Translated
    skill: Translated
    questions: list[int]


class Round(Schema):
    round: int
    question: Question
    picked_by: Person | None
    proposals: list[Proposal]
    result: Result | None


# --- the group's room -----------------------------------------------------------------------------


class SessionStarted(ServerEvent):
    type = "session.started"
    session: Session


class SessionEnded(ServerEvent):
    type = "session.ended"
    session: Session
    duration_seconds: int


class Chat(ServerEvent):
    type = "chat"
    message: ChatLine


class Topic(ServerEvent):
    type = "topic"
    topic: str
    by: Person


class QuestionPicked(ServerEvent):
    type = "question"
    round: int
    question: Question
    picked_by: Person


class ProposalMade(ServerEvent):
    type = "proposal"
    proposal: Proposal


class AnswerResult(Result, ServerEvent):
    type = "answer.result"


class InsightPinned(ServerEvent):
    type = "insight.pinned"
    insight: Insight


class Goals(ServerEvent):
    type = "goals"
    goals: list[Goal]


class MemberJoined(ServerEvent):
    type = "member.joined"
    member: Person


class MemberLeft(MemberJoined):
    type = "member.left"


class Reflection(ServerEvent):
    type = "reflection"
    session_id: int
    student: Person
    text: str


class SessionState(Schema):
    role: Literal["member", "observer"]
    group: Group
    members: list[Person]
    goals: list[Goal]
    session: Session | None
    chat: list[ChatLine]
    insights: list[Insight]
    exercises: list[PickableExercise]
    current: Round | None
    presence: PresenceState


register(
    "study_group",
    Presence,
    SessionStarted,
    SessionEnded,
    Chat,
    Topic,
    QuestionPicked,
    ProposalMade,
    AnswerResult,
    InsightPinned,
    Goals,
    MemberJoined,
    MemberLeft,
    Reflection,
    snapshot=SessionState,
)


# --- the invitee's own channel (`user.<id>`) ------------------------------------------------------


class InvitedGroup(Schema):
    id: int
    name: str
    subject: Translated


class Invited(ServerEvent):
    type = "group.invited"
    invitation: int
    group: InvitedGroup
    invited_by: Person


class InvitationAnswered(ServerEvent):
    """To the invitee: their answer (or their joining the group), for their other pages."""

    type = "group.invitation_answered"
    invitation: int
    group: InvitedGroup
    accepted: bool


register("user", Invited, InvitationAnswered)
