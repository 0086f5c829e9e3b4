"""What a peer-help chat's room (`peerhelp.<id>`) and the students' own channels are sent.

Built in peerhelp/services.py and peerhelp/selectors.py; the contract of docs/protocol.md
"Peer-help chats", checked on every publish under LIVE_STRICT.
"""

from typing import Literal

from live.events_schema import IsoDateTime, Named, Person, Schema, ServerEvent, register

Status = Literal["open", "accepted", "completed", "cancelled"]


class Request(Schema):
    id: int
    status: Status
    topic: str
    skill: Named
    requester: Person
    helper: Person | None  # null while open, or once the helper's account is gone


class RequestAsked(Request):
    question: str


class Message(Schema):
    id: int
    author: Person
    text: str
    sent_at: IsoDateTime


# --- the chat's room ------------------------------------------------------------------------------


class Accepted(ServerEvent):
    type = "accepted"
    request: Request
    accepted_at: IsoDateTime


class MessageSent(ServerEvent):
    type = "message"
    message: Message


class _AboutRequest(ServerEvent):
    request: Request


class Completed(_AboutRequest):
    type = "completed"
    completed_by: Person
    completed_at: IsoDateTime  # the snapshot shows it: a client that stayed needs it too


class Cancelled(_AboutRequest):
    type = "cancelled"


class ChatState(Request):
    role: Literal["requester", "helper", "observer"]
    question: str
    created_at: IsoDateTime
    accepted_at: IsoDateTime | None
    completed_at: IsoDateTime | None
    messages: list[Message]


register("peerhelp", Accepted, MessageSent, Completed, Cancelled, snapshot=ChatState)


# --- the students' own channels (`user.<id>`) -----------------------------------------------------


class Requested(ServerEvent):
    type = "peerhelp.requested"
    request: RequestAsked
    asked_you: bool


class Closed(_AboutRequest):
    type = "peerhelp.closed"


class RequestAccepted(_AboutRequest):
    type = "peerhelp.accepted"


class SessionCompleted(_AboutRequest):
    type = "peerhelp.completed"
    completed_by: Person


class Thanked(_AboutRequest):
    type = "peerhelp.thanked"
    thank_you: str
    rated: bool


class Acknowledged(_AboutRequest):
    type = "peerhelp.acknowledged"
    teacher: Person


register("user", Requested, Closed, RequestAccepted, SessionCompleted, Thanked, Acknowledged)
