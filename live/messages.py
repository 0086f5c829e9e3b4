"""What any client may send to any room (feature rooms add their own, in consumers/schemas.py).

Validated before anything else happens: unknown types and extra fields are refused.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class ClientMessage(BaseModel):
    # Strict: the protocol's types exactly. "389" is not the integer 389, true is not 1, 1.0
    # is not 1; each is refused with `invalid_message`, never half-understood.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Ping(ClientMessage):
    type: Literal["ping"]


class Resume(ClientMessage):
    type: Literal["resume"]
    since: Annotated[int, Field(ge=0)]


BaseClientMessage = Annotated[Ping | Resume, Field(discriminator="type")]
base_message_adapter: TypeAdapter = TypeAdapter(BaseClientMessage)
