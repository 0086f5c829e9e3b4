"""Messages a client may send to a live room, validated before anything else happens."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ping(_Message):
    type: Literal["ping"]


class Resume(_Message):
    type: Literal["resume"]
    since: Annotated[int, Field(ge=0)]


BaseClientMessage = Annotated[Ping | Resume, Field(discriminator="type")]
base_message_adapter: TypeAdapter = TypeAdapter(BaseClientMessage)
