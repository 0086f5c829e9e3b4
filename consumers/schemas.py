"""Messages a client may send to a feature's room, validated before anything else happens.

Every room also takes the protocol's own `ping` and `resume` (`live/messages.py`).
"""

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, model_validator

from collaboration.room import CHAT_MAX_CHARS
from live.messages import ClientMessage, Ping, Resume
from peerhelp.room import MESSAGE_MAX_CHARS

# --- friendly challenges: the server owns the clock and the score, so a message carrying a
# time or a score field is refused (extra fields are forbidden), never half-trusted.


class Ready(ClientMessage):
    type: Literal["ready"]


class Tick(ClientMessage):
    type: Literal["tick"]


class Answer(ClientMessage):
    type: Literal["answer"]
    question_id: Annotated[int, Field(ge=1)]
    answer: Annotated[str, Field(min_length=1, max_length=50)]


ChallengeClientMessage = Annotated[
    Ping | Resume | Ready | Tick | Answer, Field(discriminator="type")
]
challenge_message_adapter: TypeAdapter = TypeAdapter(ChallengeClientMessage)


# --- peer-help chats: the author and time of a line come from the server, never the client.


class Say(ClientMessage):
    type: Literal["say"]
    text: Annotated[str, Field(min_length=1, max_length=MESSAGE_MAX_CHARS)]


class Done(ClientMessage):
    type: Literal["done"]


PeerHelpClientMessage = Annotated[Ping | Resume | Say | Done, Field(discriminator="type")]
peer_help_message_adapter: TypeAdapter = TypeAdapter(PeerHelpClientMessage)


# --- study-group sessions: members send intentions; who is present, the grade and the clock
# are the server's.


class Chat(ClientMessage):
    type: Literal["chat"]
    text: Annotated[str, Field(min_length=1, max_length=CHAT_MAX_CHARS)]


class Topic(ClientMessage):
    type: Literal["topic"]
    text: Annotated[str, Field(min_length=1, max_length=200)]


class Pick(ClientMessage):
    type: Literal["pick"]
    question_id: Annotated[int, Field(ge=1)]


class Propose(ClientMessage):
    type: Literal["propose"]
    round: Annotated[int, Field(ge=1)]
    answer: Annotated[str, Field(min_length=1, max_length=50)]


class Submit(ClientMessage):
    type: Literal["submit"]
    round: Annotated[int, Field(ge=1)]
    answer: Annotated[str, Field(min_length=1, max_length=50)]


class Pin(ClientMessage):
    """Pin a chat message of the session (`message_id`) or words of its own (`text`)."""

    type: Literal["pin"]
    message_id: Annotated[int, Field(ge=1)] | None = None
    text: Annotated[str, Field(min_length=1, max_length=300)] | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.message_id is None) == (self.text is None):
            raise ValueError("pin takes a message_id or a text")
        return self


class End(ClientMessage):
    type: Literal["end"]


StudyGroupClientMessage = Annotated[
    Ping | Resume | Chat | Topic | Pick | Propose | Submit | Pin | End,
    Field(discriminator="type"),
]
study_group_message_adapter: TypeAdapter = TypeAdapter(StudyGroupClientMessage)
