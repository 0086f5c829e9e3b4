"""Messages a client may send to a live room, validated before anything else happens."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from peerhelp.rules import MESSAGE_MAX_CHARS


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ping(_Message):
    type: Literal["ping"]


class Resume(_Message):
    type: Literal["resume"]
    since: Annotated[int, Field(ge=0)]


BaseClientMessage = Annotated[Ping | Resume, Field(discriminator="type")]
base_message_adapter: TypeAdapter = TypeAdapter(BaseClientMessage)


# --- friendly challenges: the server owns the clock and the score, so a message carrying a
# time or a score field is refused (extra fields are forbidden), never half-trusted.


class Ready(_Message):
    type: Literal["ready"]


class Tick(_Message):
    type: Literal["tick"]


class Answer(_Message):
    type: Literal["answer"]
    question_id: Annotated[int, Field(ge=1)]
    answer: Annotated[str, Field(min_length=1, max_length=50)]


ChallengeClientMessage = Annotated[
    Ping | Resume | Ready | Tick | Answer, Field(discriminator="type")
]
challenge_message_adapter: TypeAdapter = TypeAdapter(ChallengeClientMessage)


# --- peer-help chats: the author and time of a line come from the server, never the client.


class Say(_Message):
    type: Literal["say"]
    text: Annotated[str, Field(min_length=1, max_length=MESSAGE_MAX_CHARS)]


class Done(_Message):
    type: Literal["done"]


PeerHelpClientMessage = Annotated[Ping | Resume | Say | Done, Field(discriminator="type")]
peer_help_message_adapter: TypeAdapter = TypeAdapter(PeerHelpClientMessage)


# --- study-group sessions: members send intentions; who is present, the grade and the clock
# are the server's.


class Chat(_Message):
    type: Literal["chat"]
    text: Annotated[str, Field(min_length=1, max_length=500)]


class Topic(_Message):
    type: Literal["topic"]
    text: Annotated[str, Field(min_length=1, max_length=200)]


class Pick(_Message):
    type: Literal["pick"]
    question_id: Annotated[int, Field(ge=1)]


class Propose(_Message):
    type: Literal["propose"]
    round: Annotated[int, Field(ge=1)]
    answer: Annotated[str, Field(min_length=1, max_length=50)]


class Submit(_Message):
    type: Literal["submit"]
    round: Annotated[int, Field(ge=1)]
    answer: Annotated[str, Field(min_length=1, max_length=50)]


class Pin(_Message):
    """Pin a chat message of the session (`message_id`) or words of its own (`text`)."""

    type: Literal["pin"]
    message_id: Annotated[int, Field(ge=1)] | None = None
    text: Annotated[str, Field(min_length=1, max_length=300)] | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.message_id is None) == (self.text is None):
            raise ValueError("pin takes a message_id or a text")
        return self


class End(_Message):
    type: Literal["end"]


StudyGroupClientMessage = Annotated[
    Ping | Resume | Chat | Topic | Pick | Propose | Submit | Pin | End,
    Field(discriminator="type"),
]
study_group_message_adapter: TypeAdapter = TypeAdapter(StudyGroupClientMessage)
