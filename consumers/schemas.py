"""Messages a client may send to a live room, validated before anything else happens."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

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
